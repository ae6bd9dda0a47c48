package dev.nabla.nn;

/** Batch normalisation of (N, C) or (N, C, L) inputs per channel, as torch.nn.BatchNorm1d (eps 1e-5, momentum 0.1). */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f, true, true);
    }

    /** momentum null: cumulative average of the batch statistics. */
    public BatchNorm1d(int numFeatures, float eps, Float momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(int[] shape) {
        if (shape.length != 2 && shape.length != 3) throw badRank("a 2-D (N, C) or 3-D (N, C, L)", shape);
    }
}
