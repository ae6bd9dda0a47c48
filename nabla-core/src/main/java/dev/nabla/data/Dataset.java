package dev.nabla.data;

/**
 * Indexed examples, as torch.utils.data.Dataset. {@link #getBatch} gathers many examples into one item; datasets
 * of tensors override it so that a batch costs one gather rather than one call per example.
 */
public interface Dataset<T> {
    int size();

    /** The example at index i, in [0, size()). */
    T get(int index);

    /** The examples at these indices as one batch (leading dim = indices.length). */
    default T getBatch(int[] indices) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not form batches; override getBatch");
    }

    /** Checks an index against a dataset size, as every dataset should before reading. */
    static void checkIndex(String what, int index, int size) {
        if (index < 0 || index >= size)
            throw new IndexOutOfBoundsException(what + ": index " + index + " is out of bounds for dim 0 of size " + size);
    }
}
