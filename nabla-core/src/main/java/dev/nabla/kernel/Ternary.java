package dev.nabla.kernel;

import dev.nabla.tensor.Shape;

/**
 * Elementwise kernels with three strided, broadcast operands (select by an int mask, three-input formulas such as
 * gradients that need the upstream gradient and both inputs), and comparisons that produce int masks.
 * Operands come as (data, offset, strides) already broadcast to the output shape (stride 0 on broadcast dims).
 */
public final class Ternary {
    private static final int GRAIN = 1 << 15;

    private Ternary() {}

    @FunctionalInterface
    public interface FloatTernary {
        float apply(float a, float b, float c);
    }

    /** Row body: an inner run of {@code n} elements at output index {@code o} and operand offsets a, b, c. */
    @FunctionalInterface
    interface Rows3 {
        void run(int o, int a, int b, int c, int n);
    }

    /** The comparisons that make masks. */
    public enum Cmp { GT, LT, GE, LE, EQ }

    // out (shape) = f(a, b, c), all three strided and broadcast to shape
    public static float[] map(FloatTernary f, int[] shape, float[] a, int ao, int[] as, float[] b, int bo, int[] bs,
                              float[] c, int co, int[] cs) {
        float[] out = new float[Shape.numel(shape)];
        int r = shape.length;
        int sa = r == 0 ? 1 : as[r - 1], sb = r == 0 ? 1 : bs[r - 1], sc = r == 0 ? 1 : cs[r - 1];
        forRows(shape, ao, as, bo, bs, co, cs, (o, x, y, z, n) -> {
            for (int i = 0; i < n; i++) out[o + i] = f.apply(a[x + i * sa], b[y + i * sb], c[z + i * sc]);
        });
        return out;
    }

    // out (shape) = cond != 0 ? a : b; cond (int), a, b strided and broadcast to shape
    public static float[] select(int[] shape, int[] cond, int condOff, int[] condStrides, float[] a, int ao, int[] as,
                                 float[] b, int bo, int[] bs) {
        float[] out = new float[Shape.numel(shape)];
        int r = shape.length;
        int sm = r == 0 ? 1 : condStrides[r - 1], sa = r == 0 ? 1 : as[r - 1], sb = r == 0 ? 1 : bs[r - 1];
        forRows(shape, condOff, condStrides, ao, as, bo, bs, (o, m, x, y, n) -> {
            for (int i = 0; i < n; i++) out[o + i] = cond[m + i * sm] != 0 ? a[x + i * sa] : b[y + i * sb];
        });
        return out;
    }

    // out (shape) = x cmp v ? 1 : 0, x strided; NaN compares false, as in IEEE arithmetic
    public static int[] compare(Cmp cmp, float v, int[] shape, float[] x, int xo, int[] xs) {
        int[] out = new int[Shape.numel(shape)];
        int r = shape.length;
        int s = r == 0 ? 1 : xs[r - 1];
        Elementwise.forRows(shape, xo, xs, 0, new int[r], (o, p, q, n) -> {
            switch (cmp) {
                case GT -> { for (int i = 0; i < n; i++) out[o + i] = x[p + i * s] > v ? 1 : 0; }
                case LT -> { for (int i = 0; i < n; i++) out[o + i] = x[p + i * s] < v ? 1 : 0; }
                case GE -> { for (int i = 0; i < n; i++) out[o + i] = x[p + i * s] >= v ? 1 : 0; }
                case LE -> { for (int i = 0; i < n; i++) out[o + i] = x[p + i * s] <= v ? 1 : 0; }
                case EQ -> { for (int i = 0; i < n; i++) out[o + i] = x[p + i * s] == v ? 1 : 0; }
            }
        });
        return out;
    }

    /** Runs a row body over every innermost row, split across threads when the work is large. */
    static void forRows(int[] shape, int ao, int[] as, int bo, int[] bs, int co, int[] cs, Rows3 body) {
        int rows = Strided.rowCount(shape);
        int inner = shape.length == 0 ? 1 : Math.max(shape[shape.length - 1], 1);
        Parallel.forRange(rows, Math.max(1, GRAIN / inner), (r0, r1) -> rows(shape, ao, as, bo, bs, co, cs, r0, r1, body));
    }

    /** Like {@link Strided#rows} with three operands: rows [r0, r1) of shape, outer dims advanced by an odometer. */
    static void rows(int[] shape, int ao, int[] as, int bo, int[] bs, int co, int[] cs, int r0, int r1, Rows3 body) {
        if (r0 >= r1) return;
        int rank = shape.length;
        if (rank == 0) {
            body.run(0, ao, bo, co, 1);
            return;
        }
        int n = shape[rank - 1];
        int[] idx = new int[rank - 1];
        int rem = r0, a = ao, b = bo, c = co;
        for (int d = rank - 2; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
            a += idx[d] * as[d];
            b += idx[d] * bs[d];
            c += idx[d] * cs[d];
        }
        for (int r = r0; r < r1; r++) {
            body.run(r * n, a, b, c, n);
            for (int d = rank - 2; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    a += as[d];
                    b += bs[d];
                    c += cs[d];
                    break;
                }
                idx[d] = 0;
                a -= (shape[d] - 1) * as[d];
                b -= (shape[d] - 1) * bs[d];
                c -= (shape[d] - 1) * cs[d];
            }
        }
    }
}
