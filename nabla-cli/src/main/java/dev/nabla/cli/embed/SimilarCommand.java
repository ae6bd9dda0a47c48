package dev.nabla.cli.embed;

import dev.nabla.text.KeyedVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The nearest words of each query word by cosine similarity. */
@Command(name = "similar", mixinStandardHelpOptions = true, description = "The most similar words (cosine) to each WORD.")
final class SimilarCommand implements Callable<Integer> {
    @Mixin
    VectorsOption vectors;

    @Option(names = {"-n", "--top"}, defaultValue = "10", description = "Words to show per query (default: ${DEFAULT-VALUE}).")
    int top;

    @Parameters(arity = "1..*", paramLabel = "WORD")
    List<String> words;

    @Override
    public Integer call() throws Exception {
        KeyedVectors kv = vectors.load();
        for (String w : words) print(w, kv.mostSimilar(w, top));
        return 0;
    }

    static void print(String title, List<KeyedVectors.Match> matches) {
        System.out.println(title + ":");
        for (KeyedVectors.Match m : matches) System.out.printf(Locale.ROOT, "  %-20s %.4f%n", m.word(), m.score());
    }
}
