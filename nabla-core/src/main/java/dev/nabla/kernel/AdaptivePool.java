package dev.nabla.kernel;

/**
 * Adaptive 2-D average pooling: output cell (i, j) averages input rows floor(i·h/oh) ... ceil((i+1)·h/oh) − 1 and the
 * matching columns, as PyTorch's windows (they overlap when the sizes do not divide).
 */
public final class AdaptivePool {
    private AdaptivePool() {}

    static int start(int i, int in, int out) {
        return (int) ((long) i * in / out);
    }

    static int end(int i, int in, int out) {
        return (int) (((long) (i + 1) * in + out - 1) / out);
    }

    private static int grain(int h, int w) {
        return Math.max(1, (1 << 15) / Math.max(1, h * w));
    }

    // out (planes, oh, ow) from x (planes, h, w) at xo
    public static void avgForward(int planes, int h, int w, int oh, int ow, float[] x, int xo, float[] out) {
        Parallel.forRange(planes, grain(h, w), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int in = xo + pl * h * w, o = pl * oh * ow;
                for (int y = 0; y < oh; y++) {
                    int y0 = start(y, h, oh), y1 = end(y, h, oh);
                    for (int xx = 0; xx < ow; xx++, o++) {
                        int x0 = start(xx, w, ow), x1 = end(xx, w, ow);
                        double s = 0;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++) s += x[in + iy * w + ix];
                        out[o] = (float) (s / ((y1 - y0) * (x1 - x0)));
                    }
                }
            }
        });
    }

    // dx (planes, h, w), zero-initialised, += dy (planes, oh, ow) at go spread evenly over each window
    public static void avgBackward(int planes, int h, int w, int oh, int ow, float[] dy, int go, float[] dx) {
        Parallel.forRange(planes, grain(h, w), (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                int base = pl * h * w, o = go + pl * oh * ow;
                for (int y = 0; y < oh; y++) {
                    int y0 = start(y, h, oh), y1 = end(y, h, oh);
                    for (int xx = 0; xx < ow; xx++, o++) {
                        int x0 = start(xx, w, ow), x1 = end(xx, w, ow);
                        float v = dy[o] / ((y1 - y0) * (x1 - x0));
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++) dx[base + iy * w + ix] += v;
                    }
                }
            }
        });
    }
}
