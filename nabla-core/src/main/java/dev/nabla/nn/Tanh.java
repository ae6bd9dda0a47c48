package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Element-wise tanh, as torch.nn.Tanh. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
