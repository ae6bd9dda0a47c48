package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Element-wise relu, as torch.nn.ReLU. */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
