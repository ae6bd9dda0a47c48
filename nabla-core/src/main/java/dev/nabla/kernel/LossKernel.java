package dev.nabla.kernel;

/**
 * Elementwise losses over n contiguous values: per-element loss, and gradients scaled by the upstream gradient
 * g, given per element or, when scalarG, as g[0] for all (the reduced losses, already divided by n for a mean).
 * Gradient outputs may be null when not wanted.
 */
public final class LossKernel {
    private static final int GRAIN = 1 << 15;
    /** PyTorch clamps log(p) and log(1 − p) at −100 in binary cross-entropy, so p = 0 or 1 gives a finite loss. */
    private static final double LOG_MIN = -100;
    /** The smallest p·(1 − p) that binary cross-entropy's gradient divides by, as PyTorch. */
    private static final double BCE_EPS = 1e-12;

    private LossKernel() {}

    public enum Kind { MSE, L1, BCE }

    // loss (n) from x (n), y (n)
    public static void forward(Kind kind, float[] x, float[] y, int n, float[] loss) {
        Parallel.forRange(n, GRAIN, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                float a = x[i], b = y[i];
                loss[i] = switch (kind) {
                    case MSE -> (a - b) * (a - b);
                    case L1 -> Math.abs(a - b);
                    case BCE -> (float) -(b * Math.max(Math.log(a), LOG_MIN) + (1 - b) * Math.max(Math.log1p(-a), LOG_MIN));
                };
            }
        });
    }

    // dx (n), dy (n) from x (n), y (n), g (n or 1)
    public static void backward(Kind kind, float[] x, float[] y, int n, float[] g, boolean scalarG, float[] dx, float[] dy) {
        Parallel.forRange(n, GRAIN, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                float a = x[i], b = y[i], gi = scalarG ? g[0] : g[i];
                float d = switch (kind) {
                    case MSE -> 2 * (a - b) * gi;
                    case L1 -> Math.signum(a - b) * gi;
                    case BCE -> (float) (gi * (a - b) / Math.max((1.0 - a) * a, BCE_EPS));
                };
                if (dx != null) dx[i] = d;
                if (dy != null) dy[i] = switch (kind) {
                    case MSE, L1 -> -d;
                    case BCE -> (float) (-gi * (Math.log(a) - Math.log1p(-a))); // −logit(p), unclamped as PyTorch
                };
            }
        });
    }

    /** log(1 + e^z), without overflow. */
    private static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** loss = (1 − y)·x + (1 + (pw − 1)·y)·softplus(−x), stable for large |x|; pw = 1 when null. */
    // loss (n) from x (n), y (n), pw (n) or null
    public static void bceLogitsForward(float[] x, float[] y, float[] pw, int n, float[] loss) {
        Parallel.forRange(n, GRAIN, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                double a = x[i], b = y[i], lw = pw == null ? 1 : 1 + (pw[i] - 1.0) * b;
                loss[i] = (float) ((1 - b) * a + lw * softplus(-a));
            }
        });
    }

    /** dx = g·((1 + (pw − 1)·y)·σ(x) − pw·y), dy = g·((pw − 1)·softplus(−x) − x), dpw = g·y·softplus(−x). */
    // dx, dy, dpw (n) from x (n), y (n), pw (n) or null, g (n or 1)
    public static void bceLogitsBackward(float[] x, float[] y, float[] pw, int n, float[] g, boolean scalarG,
                                         float[] dx, float[] dy, float[] dpw) {
        Parallel.forRange(n, GRAIN, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                double a = x[i], b = y[i], p = pw == null ? 1 : pw[i], gi = scalarG ? g[0] : g[i];
                double sig = a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
                if (dx != null) dx[i] = (float) (gi * ((1 + (p - 1) * b) * sig - p * b));
                if (dy != null) dy[i] = (float) (gi * ((p - 1) * softplus(-a) - a));
                if (dpw != null) dpw[i] = (float) (gi * b * softplus(-a));
            }
        });
    }
}
