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
            return first(shift, sw, ow);
        }

        /** One past the last output column whose input column xx·sw + shift is < w. */
        int hi(int shift) {
            return last(shift, sw, ow, w);
        }

        /** First output row whose input row y·sh + shift is ≥ 0. */
        int top(int shift) {
            return first(shift, sh, oh);
        }

        /** One past the last output row whose input row y·sh + shift is < h. */
        int bottom(int shift) {
            return last(shift, sh, oh, h);
        }

        private static int first(int shift, int stride, int out) {
            return shift >= 0 ? 0 : Math.min(out, (-shift + stride - 1) / stride);
        }

        private static int last(int shift, int stride, int out, int size) {
            return size - 1 - shift < 0 ? 0 : Math.min(out, (size - 1 - shift) / stride + 1);
        }

        /** True when the columns are the image itself (1 × 1 kernel, stride 1, no padding). */
        public boolean identity() {
            return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
        }
    }

    // col (c·kh·kw, oh·ow) at co, rows ld apart, from x (c, h, w) at xo. Per kernel tap, the output rows that read
    // inside the image are one strided block copy (stride 1 across) whose lanes may run past each row; the padding is
    // zeroed after it.
    public static void im2col(Geometry g, float[] x, int xo, float[] col, int co, int ld) {
        VectorOps v = VectorOps.get();
        int p = g.oh * g.ow;
        for (int ch = 0; ch < g.c; ch++) {
            for (int i = 0; i < g.kh; i++) {
                int shiftY = i * g.dh - g.ph, y0 = g.top(shiftY), y1 = Math.max(y0, g.bottom(shiftY));
                for (int j = 0; j < g.kw; j++) {
                    int row = co + ((ch * g.kh + i) * g.kw + j) * ld;
                    int shift = j * g.dw - g.pw, lo = g.lo(shift), hi = g.hi(shift); // output columns that read inside the image
                    if (lo >= hi || y0 >= y1) {
                        Arrays.fill(col, row, row + p, 0f);
                        continue;
                    }
                    int src = xo + (ch * g.h + y0 * g.sh + shiftY) * g.w + shift;
                    if (g.sw == 1) v.copyRows(x, src + lo, g.sh * g.w, y1 - y0, hi - lo, col, row + y0 * g.ow + lo, g.ow, row + p);
                    else for (int y = y0; y < y1; y++)
                        for (int xx = lo, o = row + y * g.ow; xx < hi; xx++) col[o + xx] = x[src + (y - y0) * g.sh * g.w + xx * g.sw];
                    Arrays.fill(col, row, row + y0 * g.ow, 0f);
                    Arrays.fill(col, row + y1 * g.ow, row + p, 0f);
                    if (lo > 0 || hi < g.ow)
                        for (int y = y0, o = row + y0 * g.ow; y < y1; y++, o += g.ow) {
                            Arrays.fill(col, o, o + lo, 0f);
                            Arrays.fill(col, o + hi, o + g.ow, 0f);
                        }
                }
            }
        }
    }

    // x (c, h, w) at xo += the columns col (c·kh·kw, oh·ow) at co (rows ld apart), each added back where im2col read it
    public static void col2im(Geometry g, float[] col, int co, int ld, float[] x, int xo) {
        VectorOps v = VectorOps.get();
        int end = xo + g.c * g.h * g.w;
        for (int ch = 0; ch < g.c; ch++) {
            for (int i = 0; i < g.kh; i++) {
                int shiftY = i * g.dh - g.ph, y0 = g.top(shiftY), y1 = Math.max(y0, g.bottom(shiftY));
                for (int j = 0; j < g.kw; j++) {
                    int row = co + ((ch * g.kh + i) * g.kw + j) * ld;
                    int shift = j * g.dw - g.pw, lo = g.lo(shift), hi = g.hi(shift);
                    if (lo >= hi || y0 >= y1) continue;
                    int dst = xo + (ch * g.h + y0 * g.sh + shiftY) * g.w + shift;
                    if (g.sw == 1) v.addRows(col, row + y0 * g.ow + lo, g.ow, y1 - y0, hi - lo, x, dst + lo, g.sh * g.w, end);
                    else for (int y = y0; y < y1; y++)
                        for (int xx = lo, o = row + y * g.ow; xx < hi; xx++) x[dst + (y - y0) * g.sh * g.w + xx * g.sw] += col[o + xx];
                }
            }
        }
    }
}
