package dev.nabla.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word vectors: a vocabulary of {@code size()} words and a row-major (size, dim) matrix, one row per word, in
 * vocabulary order (most frequent first, as the trainers and the word2vec/GloVe/fastText files order them).
 * Every trainer in this package ends with one of these; the vector-file readers produce one.
 */
public final class KeyedVectors {
    private final String[] words;
    private final int dim;
    private final float[] vectors; // (size, dim)
    private final Map<String, Integer> index;

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
        int i = indexOf(word);
        if (i < 0) throw new IllegalArgumentException("KeyedVectors: '" + word + "' is not in the vocabulary");
        return Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim);
    }

    /** The (size, dim) matrix itself, not a copy: row i starts at i * dim. */
    public float[] matrix() { return vectors; }
}
