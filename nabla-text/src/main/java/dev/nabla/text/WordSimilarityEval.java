package dev.nabla.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Word vectors against human similarity judgements (WordSim-353, SimLex-999, MEN ...), as gensim's
 * evaluate_word_pairs: lines "word1 word2 score" (tab or space separated; '#' comments, blank lines and one header
 * line are passed over); pairs with a word outside the first restrictVocab words are skipped and counted; the rest
 * give Spearman's ρ and Pearson's r between the scores and the cosine similarities.
 */
public final class WordSimilarityEval {
    private WordSimilarityEval() {}

    /** gensim's default restrict_vocab for word pairs. */
    public static final int RESTRICT_VOCAB = 300_000;

    /** The correlations over the {@code used} pairs of {@code pairs} (the rest had unknown words). */
    public record Result(double spearman, double pearson, int pairs, int used) {
        public int skipped() {
            return pairs - used;
        }

        /** The fraction of pairs evaluated. */
        public double coverage() {
            return pairs == 0 ? 0 : (double) used / pairs;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "Spearman %.4f, Pearson %.4f, %d of %d pairs (%.1f%%)",
                    spearman, pearson, used, pairs, 100 * coverage());
        }
    }

    /** Case-insensitive, over the first 300,000 words (gensim's defaults). */
    public static Result evaluate(KeyedVectors kv, Path file) throws IOException {
        return evaluate(kv, file, RESTRICT_VOCAB, true);
    }

    public static Result evaluate(KeyedVectors kv, Path file, int restrictVocab, boolean caseInsensitive) throws IOException {
        RestrictedVocab vocab = new RestrictedVocab(kv, restrictVocab, caseInsensitive);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<double[]> used = new ArrayList<>(); // {gold, model}
        int pairs = 0;
        boolean headerAllowed = true;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split(line.indexOf('\t') >= 0 ? "\t+" : " +");
            double gold = f.length == 3 ? parse(f[2].strip()) : Double.NaN;
            if (Double.isNaN(gold)) {
                if (headerAllowed) {
                    headerAllowed = false;
                    continue;
                }
                throw new IOException(file + ":" + (n + 1) + ": expected 'word1 word2 score' (tab separated), found '" + line + "'");
            }
            headerAllowed = false;
            pairs++;
            int a = vocab.row(f[0].strip()), b = vocab.row(f[1].strip());
            if (a >= 0 && b >= 0) used.add(new double[] {gold, kv.similarity(a, b)});
        }
        if (used.size() < 2)
            throw new IOException(file + ": only " + used.size() + " of its " + pairs + " pairs have both words among the first "
                    + vocab.restrict + " words: nothing to correlate");
        double[] gold = new double[used.size()], model = new double[used.size()];
        for (int i = 0; i < gold.length; i++) {
            gold[i] = used.get(i)[0];
            model[i] = used.get(i)[1];
        }
        return new Result(Correlation.spearman(gold, model), Correlation.pearson(gold, model), pairs, used.size());
    }

    private static double parse(String s) {
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
