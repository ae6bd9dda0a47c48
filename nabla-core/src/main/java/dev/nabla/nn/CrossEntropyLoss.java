package dev.nabla.nn;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/** Cross-entropy of logits (N, C, *) against class indices (N, *), as torch.nn.CrossEntropyLoss (no class weights). */
public class CrossEntropyLoss extends Loss {
    public final int ignoreIndex;
    public final float labelSmoothing;

    public CrossEntropyLoss() {
        this(-100, 0f, Reduction.MEAN);
    }

    public CrossEntropyLoss(int ignoreIndex, float labelSmoothing, Reduction reduction) {
        super(reduction);
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
            throw new IllegalArgumentException("CrossEntropyLoss: labelSmoothing must be between 0 and 1, got " + labelSmoothing);
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor forward(Tensor input, IntTensor target) {
        return F.crossEntropy(input, target, reduction, ignoreIndex, labelSmoothing);
    }
}
