package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Element-wise silu, as torch.nn.SiLU. */
public class SiLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.silu();
    }
}
