package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/**
 * The backward of a view that picks a window of its input (select, narrow, slice): adds the gradient of the window
 * into the window of an accumulator shaped like the input. With it the engine sums the gradients of many windows of
 * one tensor (the time steps of a sequence) in one buffer, instead of a zero-filled input-sized tensor per window
 * added one after the other, which costs the number of windows times the input's size.
 */
@FunctionalInterface
public interface Scatter {
    void addInto(Tensor accumulator, Tensor gradOutput);
}
