package dev.nabla.text;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/**
 * A word as a one-hot vector: all zeros but a 1 at the word's index in a vocabulary of {@code size} words. Stored
 * sparsely, as the index alone; {@link #toTensor} spells it out for small vocabularies.
 *
 * <p>One-hot vectors are the baseline representation word vectors improve on: every two words are equally far apart
 * and orthogonal, and the vector is as long as the vocabulary. Multiplying one by a (size, dim) weight matrix picks
 * the matrix's row {@code index}; that row pick is exactly what an Embedding layer does (see docs/embeddings.md).
 */
public record OneHot(int index, int size) {
    public OneHot {
        if (size < 1 || index < 0 || index >= size)
            throw new IndexOutOfBoundsException("OneHot: index " + index + " is outside a vocabulary of " + size + " words");
    }

    /** The dense (size) vector. */
    public Tensor toTensor() {
        Tensor t = Tensor.zeros(size);
        t.storage()[index] = 1f;
        return t;
    }

    /** This one-hot vector times a (size, dim) matrix, without the multiply: the matrix's row {@code index}. */
    public Tensor matmul(Tensor weight) {
        if (weight.dim() != 2 || weight.size(0) != size)
            throw new IllegalArgumentException("OneHot.matmul: [" + size + "] @ " + java.util.Arrays.toString(weight.shape())
                    + ": the matrix needs " + size + " rows");
        return weight.select(0, index);
    }

    /** The dense (n, size) matrix whose row i is the one-hot vector of ids[i]: the input a lookup table replaces. */
    public static Tensor encode(IntTensor ids, int size) {
        int[] v = ids.toArray();
        Tensor t = Tensor.zeros(v.length, size);
        float[] d = t.storage();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] >= size)
                throw new IndexOutOfBoundsException("OneHot.encode: id " + v[i] + " at position " + i + " is outside a vocabulary of " + size + " words");
            d[i * size + v[i]] = 1f;
        }
        return t;
    }
}
