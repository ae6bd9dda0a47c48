package dev.nabla.text.tasks;

import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs and the metrics of a classifier read from them: accuracy, per-class
 * precision, recall and F1, and macro-F1 (the unweighted mean of the per-class F1, as scikit-learn's
 * {@code f1_score(average="macro")}: a class with no true and no predicted examples scores 0, as do precision or
 * recall with a zero denominator).
 */
public final class ConfusionMatrix {
    private final List<String> labels;
    private final long[][] counts; // [true][predicted]

    public ConfusionMatrix(List<String> labels) {
        if (labels.isEmpty()) throw new IllegalArgumentException("ConfusionMatrix: no classes");
        this.labels = List.copyOf(labels);
        this.counts = new long[labels.size()][labels.size()];
    }

    /** The matrix of {@code predicted} against {@code gold}, one pair per example. */
    public static ConfusionMatrix of(List<String> labels, int[] gold, int[] predicted) {
        if (gold.length != predicted.length)
            throw new IllegalArgumentException("ConfusionMatrix: " + gold.length + " true labels but " + predicted.length + " predictions");
        ConfusionMatrix m = new ConfusionMatrix(labels);
        for (int i = 0; i < gold.length; i++) m.add(gold[i], predicted[i]);
        return m;
    }

    public void add(int gold, int predicted) {
        int k = labels.size();
        if (gold < 0 || gold >= k || predicted < 0 || predicted >= k)
            throw new IndexOutOfBoundsException("ConfusionMatrix: class (true " + gold + ", predicted " + predicted + ") outside [0, " + k + ")");
        counts[gold][predicted]++;
    }

    public List<String> labels() { return labels; }

    public long count(int gold, int predicted) { return counts[gold][predicted]; }

    public long total() {
        long n = 0;
        for (long[] row : counts) for (long c : row) n += c;
        return n;
    }

    public double accuracy() {
        long right = 0;
        for (int c = 0; c < counts.length; c++) right += counts[c][c];
        long n = total();
        return n == 0 ? 0 : (double) right / n;
    }

    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) predicted += row[c];
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    public double recall(int c) {
        long actual = 0;
        for (long x : counts[c]) actual += x;
        return actual == 0 ? 0 : (double) counts[c][c] / actual;
    }

    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroF1() {
        double sum = 0;
        for (int c = 0; c < counts.length; c++) sum += f1(c);
        return sum / counts.length;
    }

    /** "accuracy 81.23%, macro-F1 80.95% (n=1234)". */
    public String summary() {
        return String.format(Locale.ROOT, "accuracy %.2f%%, macro-F1 %.2f%% (n=%d)", 100 * accuracy(), 100 * macroF1(), total());
    }

    /** The counts, one row per true class, with each class's recall, precision and F1. */
    @Override
    public String toString() {
        int k = labels.size();
        int width = 5 + labels.stream().mapToInt(String::length).max().orElse(0) + String.valueOf(k).length();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "true\\pred"));
        for (int c = 0; c < k; c++) sb.append(String.format(Locale.ROOT, " %6s", "[" + c + "]"));
        sb.append("  recall precision     F1\n");
        for (int g = 0; g < k; g++) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s", "[" + g + "] " + labels.get(g)));
            for (int p = 0; p < k; p++) sb.append(String.format(Locale.ROOT, " %6d", counts[g][p]));
            sb.append(String.format(Locale.ROOT, "  %6.3f %9.3f %6.3f%n", recall(g), precision(g), f1(g)));
        }
        return sb.toString();
    }
}
