package dev.nabla.kernel;

import java.util.Arrays;

/** Unfolds the sliding windows of a 2-D convolution into columns (im2col) and folds them back (col2im). */
public final class Im2col {
    private Im2col() {}

    /**
     * One image's window geometry: c channels of h × w, kernel kh × kw, stride, padding, dilation, and the
     * output size oh × ow. Column row (ch·kh + i)·kw + j holds, for each output position, the input under
     * kernel tap (i, j) of channel ch (0 where it falls in the padding).
     */
    public record Geometry(int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow) {
        public int rows() {
            return c * kh * kw;
        }

        public int cols() {
            return oh * ow;
        }

        /** First output column whose input column xx·sw + shift is ≥ 0. */
        int lo(int shift) {
            return shift >= 0 ? 0 : Math.min(ow, (-shift + sw - 1) / sw);
        }

        /** One past the last output column whose input column xx·sw + shift is < w. */
        int hi(int shift) {
            return w - 1 - shift < 0 ? 0 : Math.min(ow, (w - 1 - shift) / sw + 1);
        }

        /** True when the columns are the image itself (1 × 1 kernel, stride 1, no padding). */
        public boolean identity() {
            return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
        }
    }

    // col (c·kh·kw, oh·ow) at co, rows ld apart, from x (c, h, w) at xo
    public static void im2col(Geometry g, float[] x, int xo, float[] col, int co, int ld) {
        int p = ld;
        for (int ch = 0; ch < g.c; ch++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = co + ((ch * g.kh + i) * g.kw + j) * p;
                    int shift = j * g.dw - g.pw, lo = g.lo(shift), hi = g.hi(shift); // output columns that read inside the image
                    for (int y = 0; y < g.oh; y++) {
                        int iy = y * g.sh - g.ph + i * g.dh, o = row + y * g.ow;
                        if (iy < 0 || iy >= g.h || lo >= hi) {
                            Arrays.fill(col, o, o + g.ow, 0f);
                            continue;
                        }
                        int src = xo + (ch * g.h + iy) * g.w + shift;
                        for (int xx = 0; xx < lo; xx++) col[o + xx] = 0f; // padding columns: a few at most
                        if (g.sw == 1) System.arraycopy(x, src + lo, col, o + lo, hi - lo);
                        else for (int xx = lo; xx < hi; xx++) col[o + xx] = x[src + xx * g.sw];
                        for (int xx = hi; xx < g.ow; xx++) col[o + xx] = 0f;
                    }
                }
            }
        }
    }

    // x (c, h, w) at xo += the columns col (c·kh·kw, oh·ow) at co (rows ld apart), each added back where im2col read it
    public static void col2im(Geometry g, float[] col, int co, int ld, float[] x, int xo) {
        int p = ld;
        for (int ch = 0; ch < g.c; ch++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = co + ((ch * g.kh + i) * g.kw + j) * p;
                    int shift = j * g.dw - g.pw, lo = g.lo(shift), hi = g.hi(shift);
                    for (int y = 0; y < g.oh; y++) {
                        int iy = y * g.sh - g.ph + i * g.dh;
                        if (iy < 0 || iy >= g.h) continue;
                        int dst = xo + (ch * g.h + iy) * g.w + shift, o = row + y * g.ow;
                        for (int xx = lo; xx < hi; xx++) x[dst + xx * g.sw] += col[o + xx];
                    }
                }
            }
        }
    }
}
