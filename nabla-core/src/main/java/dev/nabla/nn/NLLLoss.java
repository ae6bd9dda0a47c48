package dev.nabla.nn;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/** Negative log-likelihood of log-probabilities (N, C, *) against class indices (N, *), as torch.nn.NLLLoss (no class weights). */
public class NLLLoss extends Loss {
    public final int ignoreIndex;

    public NLLLoss() {
        this(-100, Reduction.MEAN);
    }

    public NLLLoss(int ignoreIndex, Reduction reduction) {
        super(reduction);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, IntTensor target) {
        return F.nllLoss(input, target, reduction, ignoreIndex);
    }
}
