package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * What BatchNorm1d and BatchNorm2d share, as torch's _BatchNorm: weight (1s) and bias (0s) when affine; buffers
 * running_mean (0s), running_var (1s) and num_batches_tracked when tracking running statistics. Training normalises
 * with the batch's statistics and updates the running ones; eval mode uses the running ones.
 */
public abstract class BatchNorm extends Module {
    public final int numFeatures;
    public final float eps;
    /** null: the running statistics are a cumulative average (momentum 1/num_batches_tracked). */
    public final Float momentum;
    public final boolean affine, trackRunningStats;
    public final Tensor weight, bias, runningMean, runningVar, numBatchesTracked;

    protected BatchNorm(int numFeatures, float eps, Float momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": numFeatures must be positive, got " + numFeatures);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        weight = registerParameter("weight", affine ? Tensor.ones(numFeatures) : null);
        bias = registerParameter("bias", affine ? Tensor.zeros(numFeatures) : null);
        runningMean = registerBuffer("running_mean", trackRunningStats ? Tensor.zeros(numFeatures) : null);
        runningVar = registerBuffer("running_var", trackRunningStats ? Tensor.ones(numFeatures) : null);
        // PyTorch keeps an int64 count; a float holds counts exactly up to 2^24 batches
        numBatchesTracked = registerBuffer("num_batches_tracked", trackRunningStats ? Tensor.scalar(0f) : null);
    }

    /** Throws unless the input has a rank this layer accepts. */
    protected abstract void checkInput(int[] shape);

    /** Resets the running statistics to mean 0, variance 1, no batches seen. */
    public void resetRunningStats() {
        if (!trackRunningStats) return;
        runningMean.fill_(0f);
        runningVar.fill_(1f);
        numBatchesTracked.fill_(0f);
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x.shape());
        float factor = 0f;
        if (isTraining() && trackRunningStats) {
            numBatchesTracked.fill_(numBatchesTracked.item() + 1);
            factor = momentum == null ? 1f / numBatchesTracked.item() : momentum;
        } else if (momentum != null) factor = momentum;
        boolean batchStats = isTraining() || !trackRunningStats;
        boolean useRunning = !isTraining() || trackRunningStats;
        return F.batchNorm(x, useRunning ? runningMean : null, useRunning ? runningVar : null, weight, bias, batchStats, factor, eps);
    }

    protected IllegalArgumentException badRank(String expected, int[] shape) {
        return new IllegalArgumentException(getClass().getSimpleName() + ": expected " + expected + " input, got shape " + Shape.str(shape));
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + Repr.num(eps) + ", momentum=" + (momentum == null ? "None" : Repr.num(momentum))
                + ", affine=" + Repr.bool(affine) + ", track_running_stats=" + Repr.bool(trackRunningStats);
    }
}
