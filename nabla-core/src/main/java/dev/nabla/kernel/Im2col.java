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

        /** True when the columns are the image itself (1 × 1 kernel, stride 1, no padding). */
        public boolean identity() {
            return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
        }
    }

    // col (c·kh·kw, oh·ow) at co from x (c, h, w) at xo
    public static void im2col(Geometry g, float[] x, int xo, float[] col, int co) {
        int p = g.oh * g.ow;
        for (int ch = 0; ch < g.c; ch++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = co + ((ch * g.kh + i) * g.kw + j) * p;
                    for (int y = 0; y < g.oh; y++) {
                        int iy = y * g.sh - g.ph + i * g.dh, o = row + y * g.ow;
                        if (iy < 0 || iy >= g.h) {
                            Arrays.fill(col, o, o + g.ow, 0f);
                            continue;
                        }
                        int src = xo + (ch * g.h + iy) * g.w;
                        for (int xx = 0; xx < g.ow; xx++) {
                            int ix = xx * g.sw - g.pw + j * g.dw;
                            col[o + xx] = ix >= 0 && ix < g.w ? x[src + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    // x (c, h, w) at xo += the columns col (c·kh·kw, oh·ow) at co, each added back where im2col read it
    public static void col2im(Geometry g, float[] col, int co, float[] x, int xo) {
        int p = g.oh * g.ow;
        for (int ch = 0; ch < g.c; ch++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = co + ((ch * g.kh + i) * g.kw + j) * p;
                    for (int y = 0; y < g.oh; y++) {
                        int iy = y * g.sh - g.ph + i * g.dh;
                        if (iy < 0 || iy >= g.h) continue;
                        int dst = xo + (ch * g.h + iy) * g.w, o = row + y * g.ow;
                        for (int xx = 0; xx < g.ow; xx++) {
                            int ix = xx * g.sw - g.pw + j * g.dw;
                            if (ix >= 0 && ix < g.w) x[dst + ix] += col[o + xx];
                        }
                    }
                }
            }
        }
    }
}
