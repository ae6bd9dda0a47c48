package dev.nabla.nn;

/** Batch normalisation of (N, C, H, W) inputs per channel, as torch.nn.BatchNorm2d (eps 1e-5, momentum 0.1). */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f, true, true);
    }

    /** momentum null: cumulative average of the batch statistics. */
    public BatchNorm2d(int numFeatures, float eps, Float momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(int[] shape) {
        if (shape.length != 4) throw badRank("a 4-D (N, C, H, W)", shape);
    }
}
