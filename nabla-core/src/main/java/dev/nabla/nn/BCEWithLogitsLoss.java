package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * Binary cross-entropy of logits against targets in [0, 1], as torch.nn.BCEWithLogitsLoss; posWeight (broadcast
 * along the last dim) weighs the positive term and is kept as the buffer "pos_weight" (no per-element weight).
 */
public class BCEWithLogitsLoss extends Loss {
    public final Tensor posWeight;

    public BCEWithLogitsLoss() {
        this(null, Reduction.MEAN);
    }

    /** posWeight may be null. */
    public BCEWithLogitsLoss(Tensor posWeight, Reduction reduction) {
        super(reduction);
        this.posWeight = registerBuffer("pos_weight", posWeight);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return F.binaryCrossEntropyWithLogits(input, target, posWeight, reduction);
    }
}
