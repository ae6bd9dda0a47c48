package dev.nabla.cli.embed;

import dev.nabla.text.KeyedVectors;
import dev.nabla.text.VectorFiles;
import dev.nabla.text.VectorFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Rewrites a vector file in another format. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a vector file (-v) to OUT in another format: word2vec text (also fastText .vec), binary, or GloVe text.")
final class ConvertCommand implements Callable<Integer> {
    @Mixin
    VectorsOption vectors;

    @Option(names = "--to", required = true, description = "Format of OUT: word2vec, binary or glove.")
    String to;

    @Parameters(index = "0", paramLabel = "OUT")
    Path out;

    @Override
    public Integer call() throws Exception {
        KeyedVectors kv = vectors.load();
        VectorFormat f = VectorFormat.forName(to);
        VectorFiles.write(kv, out, f);
        System.out.printf("wrote %,d words × %d to %s (%s)%n", kv.size(), kv.dim(), out, f);
        return 0;
    }
}
