package dev.nabla.text;

/**
 * How "a is to b as c is to ?" is answered (Levy and Goldberg, "Linguistic Regularities in Sparse and Explicit Word
 * Representations", 2014), over unit vectors and excluding a, b and c themselves.
 */
public enum Analogy {
    /** 3CosAdd (Mikolov's vector offset): the word x with the highest cos(x, b - a + c), as gensim's most_similar. */
    COS_ADD,
    /**
     * 3CosMul: the x with the highest cos'(x, b)·cos'(x, c) / (cos'(x, a) + ε), where cos' = (1 + cos)/2 shifts the
     * cosines to [0, 1], as gensim's most_similar_cosmul (ε = 1e-6 there; Levy and Goldberg used 1e-3).
     */
    COS_MUL;

    /** gensim's ε (most_similar_cosmul adds 0.000001 to the denominator). */
    static final float EPSILON = 1e-6f;
}
