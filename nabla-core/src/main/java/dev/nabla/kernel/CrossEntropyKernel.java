package dev.nabla.kernel;

/**
 * Classification losses over logits laid out (n, c, s): class k of position (i, j) sits at i·c·s + k·s + j.
 * Positions are numbered q = i·s + j; targets are given per position; positions whose target is the
 * ignore index contribute 0 loss and 0 gradient. Targets must have been checked to lie in [0, c) already.
 */
public final class CrossEntropyKernel {
    private static final int GRAIN = 1 << 14;

    private CrossEntropyKernel() {}

    private static int grain(int c) {
        return Math.max(1, GRAIN / Math.max(c, 1));
    }

    /** Fused log-softmax + NLL with label smoothing ε: loss = (1−ε)·(lse − x_t) + ε/c·(c·lse − Σ_k x_k). */
    // loss (n·s), lse (n·s) from x (n, c, s) at xo, target (n·s)
    public static void forward(float[] x, int xo, int n, int c, int s, int[] target, int ignoreIndex, float smoothing,
                               float[] loss, float[] lse) {
        VectorOps v = VectorOps.get();
        Parallel.forRange(n * s, grain(c), (q0, q1) -> {
            float[] row = s == 1 ? x : new float[c]; // classes strided by s are gathered into one contiguous row
            for (int q = q0; q < q1; q++) {
                int t = target[q];
                if (t == ignoreIndex) {
                    loss[q] = 0f;
                    lse[q] = 0f;
                    continue;
                }
                int base = xo + (q / s) * c * s + q % s, p = base;
                if (s != 1) {
                    for (int k = 0; k < c; k++) row[k] = x[base + k * s];
                    p = 0;
                }
                float mx = v.maxUnrolled(row, p, c);
                double l = mx + Math.log(v.sumExpShifted(row, p, mx, c));
                double nll = l - row[p + t];
                lse[q] = (float) l;
                loss[q] = smoothing == 0f ? (float) nll : (float) ((1 - smoothing) * nll + smoothing / c * (c * l - v.sum(row, p, c)));
            }
        });
    }

    /** dx = w_q·(softmax − (1−ε)·onehot(t) − ε/c), without materialising the softmax. */
    // dx (n, c, s) from x (n, c, s) at xo, lse (n·s), target (n·s), w (n·s) or, when scalarW, w[0] for every position
    public static void backward(float[] x, int xo, int n, int c, int s, int[] target, int ignoreIndex, float smoothing,
                                float[] lse, float[] w, boolean scalarW, float[] dx) {
        VectorOps v = VectorOps.get();
        float off = smoothing / c, hit = 1f - smoothing;
        Parallel.forRange(n * s, grain(c), (q0, q1) -> {
            float[] row = s == 1 ? null : new float[2 * c]; // strided classes: gathered x, then dx, contiguous
            for (int q = q0; q < q1; q++) {
                int t = target[q];
                if (t == ignoreIndex) continue; // dx is zero-initialised
                int base = (q / s) * c * s + q % s;
                float wq = scalarW ? w[0] : w[q];
                if (s == 1) {
                    v.expScaleShift(x, xo + base, lse[q], wq, -wq * off, dx, base, c);
                    dx[base + t] -= wq * hit;
                    continue;
                }
                for (int k = 0; k < c; k++) row[k] = x[xo + base + k * s];
                v.expScaleShift(row, 0, lse[q], wq, -wq * off, row, c, c);
                row[c + t] -= wq * hit;
                for (int k = 0; k < c; k++) dx[base + k * s] = row[c + k];
            }
        });
    }

    /** loss_q = −x[t_q] at position q. */
    // loss (n·s) from x (n, c, s) at xo, target (n·s)
    public static void nllForward(float[] x, int xo, int n, int c, int s, int[] target, int ignoreIndex, float[] loss) {
        for (int q = 0; q < n * s; q++) {
            int t = target[q];
            loss[q] = t == ignoreIndex ? 0f : -x[xo + (q / s) * c * s + t * s + q % s];
        }
    }

    // dx (n, c, s), zero-initialised, from target (n·s), w (n·s) or w[0] when scalarW
    public static void nllBackward(int n, int c, int s, int[] target, int ignoreIndex, float[] w, boolean scalarW, float[] dx) {
        for (int q = 0; q < n * s; q++) {
            int t = target[q];
            if (t != ignoreIndex) dx[(q / s) * c * s + t * s + q % s] = -(scalarW ? w[0] : w[q]);
        }
    }
}
