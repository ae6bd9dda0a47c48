package dev.nabla.cli.embed;

import dev.nabla.util.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes a corpus as the trainers see it, so that other tools (word2vec, GloVe, fastText) can train on the same tokens. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = {"Write the corpus as the trainers see it: one sentence a line, tokens separated by spaces",
                "(e.g. the Javadoc of this JDK's src.zip, to train the reference tools on the same text)."})
final class CorpusCommand implements Callable<Integer> {
    @Mixin
    CorpusOption corpus;

    @Parameters(index = "0", paramLabel = "OUT")
    Path out;

    @Override
    public Integer call() throws Exception {
        long[] counts = new long[2]; // sentences, tokens
        var c = corpus.open();
        try {
            Files.writeAtomically(out, stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            c.forEachSentence(tokens -> {
                try {
                    w.write(String.join(" ", tokens));
                    w.write('\n');
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                counts[0]++;
                counts[1] += tokens.size();
            });
            w.flush();
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        System.out.printf("%,d sentences, %,d tokens of %s: %s%n", counts[0], counts[1], c.description(), out);
        return 0;
    }
}
