package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** The mean absolute error between input and a target of the same shape, as torch.nn.L1Loss. */
public class L1Loss extends Loss {
    public L1Loss() {
        this(Reduction.MEAN);
    }

    public L1Loss(Reduction reduction) {
        super(reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.l1Loss(input, target, reduction);
    }
}
