package dev.nabla.data;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/**
 * Inputs and targets of one example or one batch: {@code y} holds class labels (classification), {@code target}
 * float targets (regression); exactly one of them is set.
 */
public record Batch(Tensor x, IntTensor y, Tensor target) {
    public Batch {
        if (x == null) throw new IllegalArgumentException("Batch: x is null");
        if ((y == null) == (target == null)) throw new IllegalArgumentException("Batch: exactly one of y (labels) and target (floats) must be set");
    }

    public Batch(Tensor x, IntTensor y) {
        this(x, y, null);
    }

    public Batch(Tensor x, Tensor target) {
        this(x, null, target);
    }

    /** Number of examples (the leading dim of x; 1 for a single example without one). */
    public int size() {
        return x.dim() == 0 ? 1 : x.size(0);
    }
}
