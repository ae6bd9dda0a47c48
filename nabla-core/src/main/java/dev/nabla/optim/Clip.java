package dev.nabla.optim;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Tensor;

import java.util.List;

/** Gradient clipping, as torch.nn.utils.clip_grad_norm_ and clip_grad_value_: the gradients change in place. */
public final class Clip {
    private Clip() {}

    /**
     * Scales all gradients together so that their joint normType-norm is at most maxNorm (as torch: by
     * maxNorm / (norm + 1e-6), capped at 1, in float). Parameters without a gradient are skipped.
     *
     * @param normType p > 0, or Double.POSITIVE_INFINITY for the largest absolute value
     * @return the joint norm before clipping (a float32 value, as torch's tensor); NaN or inf if a gradient is not finite
     */
    public static double gradNorm(List<Tensor> params, double maxNorm, double normType) {
        if (!(normType > 0)) throw new IllegalArgumentException("Clip.gradNorm: norm_type must be > 0 or infinity, got " + normType);
        boolean inf = normType == Double.POSITIVE_INFINITY;
        float total = 0f;
        boolean any = false;
        double acc = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            any = true;
            float[] v = g.toArray();
            // each gradient's norm is a float32 value in torch, then the norm of those norms
            float norm = inf ? maxAbs(v) : (float) pNorm(v, normType);
            if (inf) {
                if (Float.isNaN(norm) || norm > total) total = norm;
            }
            else acc += normType == 2 ? (double) norm * norm : Math.pow(Math.abs(norm), normType);
        }
        if (!any) return 0;
        if (!inf) total = (float) (normType == 2 ? Math.sqrt(acc) : normType == 1 ? acc : Math.pow(acc, 1 / normType));
        float coef = Math.min((float) maxNorm / (total + 1e-6f), 1f);
        try (NoGrad ignored = NoGrad.enter()) {
            for (Tensor p : params) if (p.grad() != null) p.grad().mul_(coef);
        }
        return total;
    }

    /** The 2-norm version of {@link #gradNorm(List, double, double)}. */
    public static double gradNorm(List<Tensor> params, double maxNorm) {
        return gradNorm(params, maxNorm, 2);
    }

    /** Clamps every gradient element into [-clipValue, clipValue]. */
    public static void gradValue(List<Tensor> params, double clipValue) {
        float c = (float) clipValue;
        if (!(c >= 0)) throw new IllegalArgumentException("Clip.gradValue: clip_value must be >= 0, got " + clipValue);
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            if (g.isContiguous()) {
                clamp(g.storage(), g.storageOffset(), g.numel(), c);
            } else {
                float[] v = g.toArray();
                clamp(v, 0, v.length, c);
                try (NoGrad ignored = NoGrad.enter()) {
                    g.copy_(Tensor.wrap(v, g.shape()));
                }
            }
        }
    }

    // x: n elements from xo
    private static void clamp(float[] x, int xo, int n, float c) {
        for (int i = xo, e = xo + n; i < e; i++) x[i] = Math.min(Math.max(x[i], -c), c);
    }

    private static float maxAbs(float[] v) {
        float m = 0f;
        for (float x : v) {
            float a = Math.abs(x);
            if (!(a <= m)) m = a; // NaN propagates, as torch's max
        }
        return m;
    }

    /** Accumulated in double, so the result is the float32 norm rounded once. */
    private static double pNorm(float[] v, double p) {
        double s = 0;
        if (p == 2) {
            for (float x : v) s += (double) x * x;
            return Math.sqrt(s);
        }
        if (p == 1) {
            for (float x : v) s += Math.abs(x);
            return s;
        }
        for (float x : v) s += Math.pow(Math.abs(x), p);
        return Math.pow(s, 1 / p);
    }
}
