package dev.nabla.bench;

import dev.nabla.data.SharedData;
import dev.nabla.text.AnalogyEval;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.VectorFiles;
import dev.nabla.text.WordSimilarityEval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The quality columns of the embedding side-by-side tables: analogy accuracy (questions-words.txt, 3CosAdd over the
 * 30,000 most frequent words) and WordSim-353 Spearman of a vector file, in one line.
 * Usage: EmbedEval vectors [questions-words.txt wordsim353.txt]   (default: the shared data files)
 */
public final class EmbedEval {
    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: EmbedEval vectors [questions-words.txt wordsim353.txt]");
            System.exit(2);
        }
        Path analogies = args.length == 3 ? Path.of(args[1]) : SharedData.find("questions-words.txt");
        Path pairs = args.length == 3 ? Path.of(args[2]) : SharedData.find("wordsim353.txt");
        if (analogies == null || pairs == null) throw new IOException("EmbedEval: questions-words.txt or wordsim353.txt not found; pass both");
        KeyedVectors kv = VectorFiles.read(Path.of(args[0]));
        AnalogyEval.Section a = AnalogyEval.evaluate(kv, analogies).total();
        WordSimilarityEval.Result w = WordSimilarityEval.evaluate(kv, pairs);
        System.out.printf(Locale.ROOT, "analogy %.2f%% (%d of %d questions); WS-353 %.3f (%d of %d pairs)%n",
                100 * a.accuracy(), a.evaluated(), a.questions(), w.spearman(), w.used(), w.pairs());
    }
}
