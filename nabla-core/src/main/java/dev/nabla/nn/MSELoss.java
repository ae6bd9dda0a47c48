package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** The mean squared error between input and a target of the same shape, as torch.nn.MSELoss. */
public class MSELoss extends Loss {
    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.mseLoss(input, target, reduction);
    }
}
