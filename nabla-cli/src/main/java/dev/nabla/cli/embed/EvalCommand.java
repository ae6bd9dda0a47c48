package dev.nabla.cli.embed;

import dev.nabla.data.SharedData;
import dev.nabla.text.AnalogyEval;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.WordSimilarityEval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Word-pair similarity (Spearman ρ) and analogy accuracy of a vector file. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate vectors: Spearman's ρ on word pairs with human scores (WordSim-353 format) and",
                "accuracy on analogies (questions-words format, per section), with the coverage of each."})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    VectorsOption vectors;

    @Option(names = "--pairs", description = "Word-pair file (default: wordsim353.txt of the shared data, when present).")
    Path pairs;

    @Option(names = "--analogies", description = "Analogy file (default: questions-words.txt of the shared data, when present).")
    Path analogies;

    @Option(names = "--restrict", defaultValue = "30000", description = "Analogies: answer among the N most frequent words (default: ${DEFAULT-VALUE}).")
    int restrict;

    @Override
    public Integer call() throws Exception {
        Path p = pairs != null ? pairs : SharedData.find("wordsim353.txt");
        Path a = analogies != null ? analogies : SharedData.find("questions-words.txt");
        if (p == null && a == null)
            throw new IllegalArgumentException("eval: no evaluation file: pass --pairs FILE and/or --analogies FILE (or set NABLA_DATA)");
        report(vectors.load(), p, a, restrict, true);
        return 0;
    }

    /** Prints the evaluations of kv on the files that are not null. */
    static void report(KeyedVectors kv, Path pairs, Path analogies, int restrict, boolean sections) throws IOException {
        if (pairs != null) System.out.println("word pairs " + pairs.getFileName() + ": " + WordSimilarityEval.evaluate(kv, pairs));
        if (analogies != null) {
            AnalogyEval.Result r = AnalogyEval.evaluate(kv, analogies, restrict, dev.nabla.text.Analogy.COS_ADD, true);
            if (sections) for (AnalogyEval.Section s : r.sections()) System.out.println("  " + s);
            System.out.println("analogies " + analogies.getFileName() + " (3CosAdd, top " + restrict + "): " + r.total());
        }
    }
}
