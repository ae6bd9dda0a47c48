package dev.nabla.text;

import dev.nabla.kernel.VectorOps;
import dev.nabla.tensor.Generator;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A trained FastText input matrix: one row per vocabulary word, then one row per n-gram bucket (rows
 * {@code words + bucket}, as fastText lays them out). A word's vector is the mean of its rows: for a vocabulary word
 * its own row and its n-gram rows, for any other word its n-gram rows alone (fastText's getWordVector), so a
 * misspelled or unseen word still gets a vector; a word with no n-gram gets zeros, as in fastText.
 */
public final class FastTextModel {
    private static final VectorOps OPS = VectorOps.get();
    /** Rows initialised by one random stream: blocks make the start parallel and still the same for any thread count. */
    private static final int INIT_BLOCK_ROWS = 1 << 14;

    private final Vocabulary vocabulary;
    private final Subwords subwords; // null when words have no n-grams
    private final int dim;
    private final float[] input;
    private final int[] rowStart, rows; // rows of word w: rows[rowStart[w] .. rowStart[w + 1])

    /** A model of {@code vocabulary} with random input rows, uniform in ±1/dim (fastText's initialisation). */
    FastTextModel(Vocabulary vocabulary, Subwords subwords, int dim, long seed) {
        int words = vocabulary.size();
        long rowCount = words + (subwords == null ? 0L : subwords.buckets());
        if (rowCount * dim > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("FastText: " + words + " words + " + (rowCount - words) + " buckets × dim "
                    + dim + " does not fit one float array; use fewer buckets");
        this.vocabulary = vocabulary;
        this.subwords = subwords;
        this.dim = dim;
        this.input = new float[(int) rowCount * dim];
        int blocks = (int) ((rowCount + INIT_BLOCK_ROWS - 1) / INIT_BLOCK_ROWS);
        IntStream.range(0, blocks).parallel().forEach(b -> {
            Generator g = new Generator(seed * 1_000_003L + b);
            float scale = 2f / dim;
            int to = (int) Math.min(rowCount, (long) (b + 1) * INIT_BLOCK_ROWS) * dim;
            for (int i = b * INIT_BLOCK_ROWS * dim; i < to; i++) input[i] = (g.nextFloat() - 0.5f) * scale;
        });
        int[][] perWord = new int[words][];
        int total = 0;
        for (int w = 0; w < words; w++) total += (perWord[w] = rows(vocabulary.word(w), w)).length;
        rowStart = new int[words + 1];
        rows = new int[total];
        for (int w = 0; w < words; w++) {
            System.arraycopy(perWord[w], 0, rows, rowStart[w], perWord[w].length);
            rowStart[w + 1] = rowStart[w] + perWord[w].length;
        }
    }

    public Vocabulary vocabulary() { return vocabulary; }

    public int dim() { return dim; }

    /** The n-gram settings, or null when words have no n-grams (maxn 0). */
    public Subwords subwords() { return subwords; }

    /** The input matrix itself (words + buckets rows of dim floats), not a copy. */
    public float[] input() { return input; }

    /** The input rows whose mean is {@code word}'s vector: its own row if it is in the vocabulary, then its n-grams'. */
    public int[] rows(String word) {
        int id = vocabulary.id(word);
        return id >= 0 ? Arrays.copyOfRange(rows, rowStart[id], rowStart[id + 1]) : rows(word, -1);
    }

    private int[] rows(String word, int id) {
        int[] buckets = subwords == null ? new int[0] : subwords.buckets(word);
        int own = id >= 0 ? 1 : 0, words = vocabulary.size();
        int[] r = new int[own + buckets.length];
        if (own == 1) r[0] = id;
        for (int i = 0; i < buckets.length; i++) r[own + i] = words + buckets[i];
        return r;
    }

    /** The vector of any word: the mean of its {@link #rows}; zeros when it has none. */
    public float[] vector(String word) {
        int[] r = rows(word);
        float[] v = new float[dim];
        mean(r, 0, r.length, v, 0);
        return v;
    }

    /** The vectors of the vocabulary words (what fastText writes to its .vec file). */
    public KeyedVectors keyedVectors() {
        int words = vocabulary.size();
        float[] m = new float[words * dim];
        for (int w = 0; w < words; w++) mean(rows, rowStart[w], rowStart[w + 1], m, w * dim);
        return new KeyedVectors(vocabulary.words(), dim, m);
    }

    /** out[oo..oo+dim) = the mean of the input rows r[from..to) (zeros when there are none). */
    void mean(int[] r, int from, int to, float[] out, int oo) {
        Arrays.fill(out, oo, oo + dim, 0f);
        for (int i = from; i < to; i++) OPS.axpy(1f, input, r[i] * dim, out, oo, dim);
        if (to > from) OPS.scaleShift(out, oo, 1f / (to - from), 0f, out, oo, dim);
    }

    /** Rows of vocabulary word w are rows[rowStart[w] .. rowStart[w + 1]), for the training loops (not copies). */
    int[] rowStart() { return rowStart; }

    int[] wordRows() { return rows; }
}
