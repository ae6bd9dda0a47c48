package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.NoGrad;
import dev.nabla.kernel.BatchNormKernel;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

import static dev.nabla.ops.NnSupport.dense;

/** Batch normalisation over (N, C, *) inputs, as torch.nn.functional.batch_norm. */
public final class BatchNormOps {
    private BatchNormOps() {}

    /**
     * With {@code training}, normalises with the batch's mean and biased variance per channel and, when running
     * statistics are given, updates them in place: r = (1 − momentum)·r + momentum·batch, the variance unbiased.
     * Otherwise normalises with the running statistics. weight, bias, runningMean, runningVar may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, float momentum, float eps) {
        String op = "batchNorm";
        int[] xs = x.shape();
        if (xs.length < 2)
            throw new IllegalArgumentException(op + ": expected an input of shape (N, C, *) with at least 2 dims, got shape " + Shape.str(xs));
        int n = xs[0], c = xs[1], s = Shape.numel(Arrays.copyOfRange(xs, 2, xs.length));
        String[] names = {"runningMean", "runningVar", "weight", "bias"};
        Tensor[] perChannel = {runningMean, runningVar, weight, bias};
        for (int i = 0; i < 4; i++)
            if (perChannel[i] != null && !Arrays.equals(perChannel[i].shape(), new int[] {c}))
                throw new IllegalArgumentException(op + ": " + names[i] + " of shape " + Shape.str(perChannel[i].shape())
                        + " must have shape [" + c + "] for an input of shape " + Shape.str(xs));
        if (!training && (runningMean == null || runningVar == null))
            throw new IllegalArgumentException(op + ": runningMean and runningVar must be given when not training");
        long m = (long) n * s;
        if (training && m <= 1)
            throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input of shape " + Shape.str(xs));
        Tensor xc = dense(x);
        float[] mean = new float[c], rstd = new float[c];
        if (training) {
            float[] var = new float[c];
            BatchNormKernel.stats(xc.storage(), xc.storageOffset(), n, c, s, mean, var);
            for (int k = 0; k < c; k++) rstd[k] = (float) (1 / Math.sqrt(var[k] + (double) eps));
            if (runningMean != null || runningVar != null) updateRunning(runningMean, runningVar, mean, var, momentum, m);
        } else {
            float[] rm = runningMean.toArray(), rv = runningVar.toArray();
            System.arraycopy(rm, 0, mean, 0, c);
            for (int k = 0; k < c; k++) rstd[k] = (float) (1 / Math.sqrt(rv[k] + (double) eps));
        }
        Tensor wc = weight == null ? null : dense(weight), bc = bias == null ? null : dense(bias);
        float[] out = new float[x.numel()];
        BatchNormKernel.forward(xc.storage(), xc.storageOffset(), n, c, s, mean, rstd, wc == null ? null : wc.storage(),
                wc == null ? 0 : wc.storageOffset(), bc == null ? null : bc.storage(), bc == null ? 0 : bc.storageOffset(), out);
        return Autograd.record(op, Tensor.wrap(out, xs), g -> {
            Tensor gc = dense(g);
            float[] dx = x.requiresGrad() ? new float[x.numel()] : null;
            float[] dw = weight != null && weight.requiresGrad() ? new float[c] : null;
            float[] db = bias != null && bias.requiresGrad() ? new float[c] : null;
            BatchNormKernel.backward(gc.storage(), gc.storageOffset(), xc.storage(), xc.storageOffset(), n, c, s, mean, rstd,
                    wc == null ? null : wc.storage(), wc == null ? 0 : wc.storageOffset(), training, dx, dw, db);
            return new Tensor[] {
                    dx == null ? null : Tensor.wrap(dx, xs),
                    dw == null ? null : Tensor.wrap(dw, c),
                    db == null ? null : Tensor.wrap(db, c)};
        }, x, weight, bias);
    }

    private static void updateRunning(Tensor runningMean, Tensor runningVar, float[] mean, float[] var, float momentum, long m) {
        int c = mean.length;
        double unbias = (double) m / (m - 1);
        try (var ignored = NoGrad.enter()) {
            if (runningMean != null) {
                float[] r = runningMean.toArray();
                for (int k = 0; k < c; k++) r[k] = (1 - momentum) * r[k] + momentum * mean[k];
                runningMean.copy_(Tensor.wrap(r, c));
            }
            if (runningVar != null) {
                float[] r = runningVar.toArray();
                for (int k = 0; k < c; k++) r[k] = (float) ((1 - momentum) * r[k] + momentum * (var[k] * unbias));
                runningVar.copy_(Tensor.wrap(r, c));
            }
        }
    }
}
