package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/** The backward formula of one op: from the gradient of its output, the gradients of its inputs (null where not needed). */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor gradOutput);
}
