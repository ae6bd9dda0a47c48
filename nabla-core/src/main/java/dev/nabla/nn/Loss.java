package dev.nabla.nn;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/** A loss module: forward(input, target) with a float or an integer (class index) target, and a reduction. */
public abstract class Loss extends Module {
    public final Reduction reduction;

    protected Loss(Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction must not be null");
        this.reduction = reduction;
    }

    public Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes class indices (an IntTensor) as target, not a float tensor");
    }

    public Tensor forward(Tensor input, IntTensor target) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes a float tensor as target, not class indices");
    }
}
