package dev.nabla.kernel;

/**
 * 2-D max and average pooling over planes of h × w (one plane per sample and channel). Window (y, x) covers
 * rows y·sh − ph ... + kh − 1 and columns x·sw − pw ... + kw − 1; positions in the padding are skipped.
 */
public final class Pool {
    private Pool() {}

    /** Window geometry shared by the pooling kernels. */
    public record Geometry(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow) {}

    private static int grain(Geometry g) {
        return Math.max(1, (1 << 15) / Math.max(1, g.h * g.w));
    }

    /** Max with the flat in-plane index of the first maximum, NaN winning, as PyTorch's CPU kernel. */
    // out (planes, oh, ow), arg (planes, oh, ow) from x (planes, h, w) at xo
    public static void maxForward(Geometry g, int planes, float[] x, int xo, float[] out, int[] arg) {
        if (g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0) {
            Parallel.forRange(planes, grain(g), (p0, p1) -> max2x2(g, p0, p1, x, xo, out, arg));
            return;
        }
        Parallel.forRange(planes, grain(g), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int in = xo + pl * g.h * g.w, o = pl * g.oh * g.ow;
                for (int y = 0; y < g.oh; y++) {
                    int y0 = Math.max(y * g.sh - g.ph, 0), y1 = Math.min(y * g.sh - g.ph + g.kh, g.h);
                    for (int xx = 0; xx < g.ow; xx++, o++) {
                        int x0 = Math.max(xx * g.sw - g.pw, 0), x1 = Math.min(xx * g.sw - g.pw + g.kw, g.w);
                        int best = y0 * g.w + x0;
                        float m = Float.NEGATIVE_INFINITY;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++) {
                                float v = x[in + iy * g.w + ix];
                                if (v > m || v != v) { // v != v: NaN wins, as in PyTorch
                                    m = v;
                                    best = iy * g.w + ix;
                                }
                            }
                        out[o] = m;
                        arg[o] = best;
                    }
                }
            }
        });
    }

    /** The common 2×2, stride-2 window without padding: the provider's kernel, same results as the general loop. */
    private static void max2x2(Geometry g, int p0, int p1, float[] x, int xo, float[] out, int[] arg) {
        VectorOps v = VectorOps.get();
        int q = g.oh * g.ow;
        for (int pl = p0; pl < p1; pl++) v.maxPool2x2(x, xo + pl * g.h * g.w, g.w, g.oh, g.ow, out, pl * q, arg, pl * q);
    }

    // dx (planes, h, w), zero-initialised, += dy (planes, oh, ow) at go routed to arg (planes, oh, ow)
    public static void maxBackward(Geometry g, int planes, float[] dy, int go, int[] arg, float[] dx) {
        int q = g.oh * g.ow;
        Parallel.forRange(planes, grain(g), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int base = pl * g.h * g.w;
                for (int i = pl * q; i < (pl + 1) * q; i++) dx[base + arg[i]] += dy[go + i];
            }
        });
    }

    /**
     * The divisor of window (y, x): its size clipped to the padded input when countIncludePad, else the number
     * of input positions it covers (PyTorch's rule).
     */
    private static int divisor(Geometry g, int y, int xx, boolean countIncludePad) {
        int ys = y * g.sh - g.ph, xs = xx * g.sw - g.pw;
        int ye = Math.min(ys + g.kh, g.h + g.ph), xe = Math.min(xs + g.kw, g.w + g.pw);
        if (countIncludePad) return (ye - ys) * (xe - xs);
        return (Math.min(ye, g.h) - Math.max(ys, 0)) * (Math.min(xe, g.w) - Math.max(xs, 0));
    }

    // out (planes, oh, ow) from x (planes, h, w) at xo
    public static void avgForward(Geometry g, int planes, float[] x, int xo, boolean countIncludePad, float[] out) {
        Parallel.forRange(planes, grain(g), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int in = xo + pl * g.h * g.w, o = pl * g.oh * g.ow;
                for (int y = 0; y < g.oh; y++) {
                    int y0 = Math.max(y * g.sh - g.ph, 0), y1 = Math.min(y * g.sh - g.ph + g.kh, g.h);
                    for (int xx = 0; xx < g.ow; xx++, o++) {
                        int x0 = Math.max(xx * g.sw - g.pw, 0), x1 = Math.min(xx * g.sw - g.pw + g.kw, g.w);
                        if (y0 >= y1 || x0 >= x1) {
                            out[o] = 0f;
                            continue;
                        }
                        float s = 0;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++) s += x[in + iy * g.w + ix];
                        out[o] = s / divisor(g, y, xx, countIncludePad);
                    }
                }
            }
        });
    }

    // dx (planes, h, w), zero-initialised, += dy (planes, oh, ow) at go spread evenly over each window
    public static void avgBackward(Geometry g, int planes, float[] dy, int go, boolean countIncludePad, float[] dx) {
        Parallel.forRange(planes, grain(g), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int base = pl * g.h * g.w, o = go + pl * g.oh * g.ow;
                for (int y = 0; y < g.oh; y++) {
                    int y0 = Math.max(y * g.sh - g.ph, 0), y1 = Math.min(y * g.sh - g.ph + g.kh, g.h);
                    for (int xx = 0; xx < g.ow; xx++, o++) {
                        int x0 = Math.max(xx * g.sw - g.pw, 0), x1 = Math.min(xx * g.sw - g.pw + g.kw, g.w);
                        if (y0 >= y1 || x0 >= x1) continue;
                        float v = dy[o] / divisor(g, y, xx, countIncludePad);
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++) dx[base + iy * g.w + ix] += v;
                    }
                }
            }
        });
    }
}
