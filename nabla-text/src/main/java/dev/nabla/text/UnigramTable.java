package dev.nabla.text;

/**
 * The table negative samples are drawn from, built as word2vec.c's InitUnigramTable: word w fills a run of slots in
 * proportion to count(w)^power (power 0.75 in word2vec), so a uniform slot is a draw from the smoothed unigram
 * distribution. word2vec.c uses 10^8 slots; fewer give the same distribution to within 1/size per word.
 */
public final class UnigramTable {
    /** word2vec.c's table size. */
    public static final int WORD2VEC_SIZE = 100_000_000;

    private final int[] table;

    /** A table of {@code size} slots over {@code counts} (vocabulary order) raised to {@code power}. */
    public UnigramTable(long[] counts, double power, int size) {
        if (counts.length == 0) throw new IllegalArgumentException("UnigramTable: empty vocabulary");
        if (size < 1) throw new IllegalArgumentException("UnigramTable: size must be positive, got " + size);
        double total = 0;
        for (long c : counts) total += Math.pow(c, power);
        table = new int[size];
        int w = 0;
        double upTo = Math.pow(counts[0], power) / total; // cumulative share of words 0..w
        for (int slot = 0; slot < size; slot++) {
            table[slot] = w;
            if ((double) slot / size > upTo && w < counts.length - 1) {
                w++;
                upTo += Math.pow(counts[w], power) / total;
            }
        }
    }

    public int size() { return table.length; }

    /** The word in slot {@code slot}. */
    public int get(int slot) { return table[slot]; }

    /** The table itself (not a copy: read only), for the training loops. */
    int[] slots() { return table; }
}
