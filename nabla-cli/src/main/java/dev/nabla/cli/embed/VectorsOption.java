package dev.nabla.cli.embed;

import dev.nabla.text.KeyedVectors;
import dev.nabla.text.VectorFiles;
import dev.nabla.text.VectorFormat;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The vector file a query or evaluation command reads (a picocli mixin). */
final class VectorsOption {
    @Option(names = {"-v", "--vectors"}, defaultValue = TrainCommand.DEFAULT_OUT,
            description = "Vector file: word2vec text or binary, fastText .vec or GloVe text, detected from its content (default: ${DEFAULT-VALUE}).")
    Path path;

    @Option(names = "--format", description = "Read as this format instead of detecting it: word2vec, binary or glove.")
    String format;

    @Option(names = "--limit", defaultValue = "0", description = "Read only the first N (most frequent) words; 0: all (default).")
    int limit;

    KeyedVectors load() throws IOException {
        VectorFormat f = format != null ? VectorFormat.forName(format) : VectorFiles.detect(path);
        long t0 = System.nanoTime();
        KeyedVectors kv = VectorFiles.read(path, f, limit > 0 ? limit : Integer.MAX_VALUE);
        System.err.printf("read %,d words × %d from %s (%s) in %.2f s%n", kv.size(), kv.dim(), path, f, (System.nanoTime() - t0) / 1e9);
        return kv;
    }
}
