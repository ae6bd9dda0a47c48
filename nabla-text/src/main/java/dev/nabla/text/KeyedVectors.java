package dev.nabla.text;

import dev.nabla.kernel.VectorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word vectors: a vocabulary of {@code size()} words and a row-major (size, dim) matrix, one row per word, in
 * vocabulary order (most frequent first, as the trainers and the word2vec/GloVe/fastText files order them).
 * Every trainer in this package ends with one of these; the vector-file readers produce one.
 *
 * <p>Queries follow gensim's KeyedVectors: cosine similarity, the most similar words (to a word, a vector, or a sum
 * of words with weights +1 and -1), analogies by 3CosAdd or 3CosMul, each optionally over only the first
 * {@code restrictVocab} (most frequent) words. They are pure: the vectors never change; the unit-length copy they
 * search is built once, on first use. Many queries at once go through one GEMM per block (the list forms).
 */
public final class KeyedVectors {
    private final String[] words;
    private final int dim;
    private final float[] vectors; // (size, dim)
    private final Map<String, Integer> index;
    private volatile VectorSearch search; // over the L2-normalised rows, built on first use

    /** A word and its score: a cosine similarity, or the 3CosMul objective. */
    public record Match(String word, float score) {
        @Override
        public String toString() {
            return word + " " + score;
        }
    }

    /** Takes ownership of {@code vectors} (row i is words.get(i)); words must be distinct. */
    public KeyedVectors(List<String> words, int dim, float[] vectors) {
        if (dim <= 0) throw new IllegalArgumentException("KeyedVectors: dim must be positive, got " + dim);
        if ((long) words.size() * dim != vectors.length)
            throw new IllegalArgumentException("KeyedVectors: " + words.size() + " words × dim " + dim + " needs "
                    + (long) words.size() * dim + " floats, got " + vectors.length);
        this.words = words.toArray(String[]::new);
        this.dim = dim;
        this.vectors = vectors;
        this.index = HashMap.newHashMap(this.words.length);
        for (int i = 0; i < this.words.length; i++)
            if (index.putIfAbsent(this.words[i], i) != null)
                throw new IllegalArgumentException("KeyedVectors: word '" + this.words[i] + "' appears twice (rows "
                        + index.get(this.words[i]) + " and " + i + ")");
    }

    public int size() { return words.length; }

    public int dim() { return dim; }

    public String word(int i) { return words[i]; }

    public List<String> words() { return List.of(words); }

    /** Row of {@code word}, or -1 when it is not in the vocabulary. */
    public int indexOf(String word) { return index.getOrDefault(word, -1); }

    public boolean contains(String word) { return index.containsKey(word); }

    /** A copy of the vector of {@code word}. */
    public float[] vector(String word) {
        int i = require(word);
        return Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim);
    }

    /** The (size, dim) matrix itself, not a copy: row i starts at i * dim. */
    public float[] matrix() { return vectors; }

    /** Row of {@code word}; an IllegalArgumentException naming it when it is not in the vocabulary. */
    public int require(String word) {
        Integer i = index.get(word);
        if (i != null) return i;
        String lower = word.toLowerCase(Locale.ROOT);
        throw new IllegalArgumentException("KeyedVectors: '" + word + "' is not in the vocabulary of " + size() + " words"
                + (!lower.equals(word) && index.containsKey(lower) ? " ('" + lower + "' is)" : ""));
    }

    /** Cosine similarity of two words' vectors (0 when one is all zeros). */
    public float similarity(String w1, String w2) {
        return similarity(require(w1), require(w2));
    }

    float similarity(int row1, int row2) {
        float[] u = search().unit;
        return VectorOps.get().dot(u, row1 * dim, u, row2 * dim, dim);
    }

    /** The topN words closest in cosine to {@code word}, itself left out. */
    public List<Match> mostSimilar(String word, int topN) {
        return mostSimilar(List.of(word), List.of(), topN, size());
    }

    /** The topN words closest in cosine to {@code vector} (any length, not all zeros), none left out. */
    public List<Match> mostSimilar(float[] vector, int topN) {
        return mostSimilar(new float[][] {vector}, topN, size()).getFirst();
    }

    /**
     * gensim's most_similar: the topN words among the first restrictVocab closest in cosine to the mean of the unit
     * vectors of {@code positive} (weight +1) and {@code negative} (weight -1), the given words left out.
     */
    public List<Match> mostSimilar(List<String> positive, List<String> negative, int topN, int restrictVocab) {
        return mostSimilarBatch(List.of(positive), List.of(negative), topN, restrictVocab).getFirst();
    }

    /** Many {@link #mostSimilar(List, List, int, int)} queries at once: positive.get(i) and negative.get(i) make query i. */
    public List<List<Match>> mostSimilarBatch(List<List<String>> positive, List<List<String>> negative, int topN, int restrictVocab) {
        if (positive.size() != negative.size())
            throw new IllegalArgumentException("KeyedVectors.mostSimilarBatch: " + positive.size() + " positive lists, " + negative.size() + " negative");
        int q = positive.size();
        int[][] pos = new int[q][], neg = new int[q][];
        for (int i = 0; i < q; i++) {
            pos[i] = rows(positive.get(i));
            neg[i] = rows(negative.get(i));
        }
        return matches(search(pos, neg, topN, restrict(restrictVocab)));
    }

    /** The topN words among the first restrictVocab closest in cosine to each row of {@code vectors}. */
    public List<List<Match>> mostSimilar(float[][] vectors, int topN, int restrictVocab) {
        float[] q = new float[vectors.length * dim];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dim)
                throw new IllegalArgumentException("KeyedVectors.mostSimilar: vector " + i + " has " + vectors[i].length + " values, the vectors have " + dim);
            System.arraycopy(vectors[i], 0, q, i * dim, dim);
            if (normalise(q, i * dim, dim) == 0) throw new IllegalArgumentException("KeyedVectors.mostSimilar: vector " + i + " is all zeros");
        }
        return matches(search().nearest(q, vectors.length, restrict(restrictVocab), topN, null));
    }

    /** "a is to b as c is to ?": the topN answers among the first restrictVocab words, a, b and c left out. */
    public List<Match> analogy(String a, String b, String c, Analogy method, int topN, int restrictVocab) {
        return analogies(List.of(List.of(a, b, c)), method, topN, restrictVocab).getFirst();
    }

    /** Many analogies at once; each question is the three words a, b, c. */
    public List<List<Match>> analogies(List<List<String>> questions, Analogy method, int topN, int restrictVocab) {
        int[][] abc = new int[questions.size()][];
        for (int i = 0; i < abc.length; i++) {
            abc[i] = rows(questions.get(i));
            if (abc[i].length != 3) throw new IllegalArgumentException("KeyedVectors.analogies: question " + i + " has " + abc[i].length + " words, not a, b, c");
        }
        return matches(analogies(abc, method, topN, restrict(restrictVocab)));
    }

    /** Analogies by row: abc[i] = {a, b, c}; answers are rows below restrict. */
    VectorSearch.Result analogies(int[][] abc, Analogy method, int topN, int restrict) {
        int[][] pos = new int[abc.length][], neg = new int[abc.length][];
        for (int i = 0; i < abc.length; i++) {
            pos[i] = new int[] {abc[i][1], abc[i][2]};
            neg[i] = new int[] {abc[i][0]};
        }
        return method == Analogy.COS_MUL ? search().cosMul(pos, neg, restrict, topN) : search(pos, neg, topN, restrict);
    }

    /** 3CosAdd-style queries: each the unit mean of its words' unit vectors, weights +1 and -1 (gensim's get_mean_vector). */
    private VectorSearch.Result search(int[][] pos, int[][] neg, int topN, int restrict) {
        float[] u = search().unit;
        VectorOps ops = VectorOps.get();
        int q = pos.length;
        float[] queries = new float[q * dim];
        int[][] exclude = new int[q][];
        for (int i = 0; i < q; i++) {
            if (pos[i].length + neg[i].length == 0) throw new IllegalArgumentException("KeyedVectors.mostSimilar: query " + i + " has no words");
            for (int r : pos[i]) ops.axpy(1f, u, r * dim, queries, i * dim, dim);
            for (int r : neg[i]) ops.axpy(-1f, u, r * dim, queries, i * dim, dim);
            float total = pos[i].length + neg[i].length;
            for (int k = i * dim; k < (i + 1) * dim; k++) queries[k] /= total;
            normalise(queries, i * dim, dim);
            exclude[i] = Arrays.copyOf(pos[i], pos[i].length + neg[i].length);
            System.arraycopy(neg[i], 0, exclude[i], pos[i].length, neg[i].length);
        }
        return search().nearest(queries, q, restrict, topN, exclude);
    }

    private int[] rows(List<String> ws) {
        int[] r = new int[ws.size()];
        for (int i = 0; i < r.length; i++) r[i] = require(ws.get(i));
        return r;
    }

    private int restrict(int restrictVocab) {
        if (restrictVocab < 1) throw new IllegalArgumentException("KeyedVectors: restrictVocab must be >= 1, got " + restrictVocab);
        return Math.min(restrictVocab, size());
    }

    private List<List<Match>> matches(VectorSearch.Result r) {
        List<List<Match>> out = new ArrayList<>(r.index().length);
        for (int i = 0; i < r.index().length; i++) {
            Match[] m = new Match[r.index()[i].length];
            for (int k = 0; k < m.length; k++) m[k] = new Match(words[r.index()[i][k]], r.score()[i][k]);
            out.add(List.of(m));
        }
        return out;
    }

    /** The search over unit rows, normalising a copy of the matrix on first use. */
    VectorSearch search() {
        VectorSearch s = search;
        if (s == null) {
            synchronized (this) {
                if (search == null) {
                    float[] unit = vectors.clone();
                    for (int i = 0; i < words.length; i++) normalise(unit, i * dim, dim);
                    search = new VectorSearch(unit, dim, VectorSearch.BLOCK_FLOATS);
                }
                s = search;
            }
        }
        return s;
    }

    /** Scales x[off, off + n) to unit length (a zero vector stays zero); returns the old length. */
    static double normalise(float[] x, int off, int n) {
        double ss = 0;
        for (int k = off; k < off + n; k++) ss += (double) x[k] * x[k];
        float norm = (float) Math.sqrt(ss);
        if (norm > 0) for (int k = off; k < off + n; k++) x[k] /= norm;
        return norm;
    }
}
