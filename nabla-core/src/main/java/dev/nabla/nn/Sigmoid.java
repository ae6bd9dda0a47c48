package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Element-wise sigmoid, as torch.nn.Sigmoid. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
