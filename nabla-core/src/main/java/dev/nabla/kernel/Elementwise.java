package dev.nabla.kernel;

import dev.nabla.tensor.Shape;

/**
 * Elementwise kernels over strided, broadcast operands, writing a fresh contiguous result.
 * Operands come as (data, offset, strides) already broadcast to the output shape (stride 0 on broadcast dims).
 */
public final class Elementwise {
    private static final int GRAIN = 1 << 15; // elements per chunk before a loop is split across threads

    private Elementwise() {}

    @FunctionalInterface
    public interface FloatUnary {
        float apply(float x);
    }

    @FunctionalInterface
    public interface FloatBinary {
        float apply(float a, float b);
    }

    /** The binary ops that have vectorised loops. */
    public enum Arith { ADD, SUB, MUL, DIV }

    // out (shape) = f(a, b), a and b strided and broadcast to shape
    public static float[] binary(FloatBinary f, int[] shape, float[] a, int ao, int[] as, float[] b, int bo, int[] bs) {
        float[] out = new float[Shape.numel(shape)];
        int rank = shape.length;
        int sa = rank == 0 ? 1 : as[rank - 1], sb = rank == 0 ? 1 : bs[rank - 1];
        forRows(shape, ao, as, bo, bs, (o, x, y, n) -> {
            for (int i = 0; i < n; i++) out[o + i] = f.apply(a[x + i * sa], b[y + i * sb]);
        });
        return out;
    }

    // out (shape) = a op b, vectorised where the inner dim is contiguous in both operands
    public static float[] arith(Arith op, int[] shape, float[] a, int ao, int[] as, float[] b, int bo, int[] bs) {
        float[] out = new float[Shape.numel(shape)];
        int rank = shape.length;
        int sa = rank == 0 ? 1 : as[rank - 1], sb = rank == 0 ? 1 : bs[rank - 1];
        VectorOps v = VectorOps.get();
        forRows(shape, ao, as, bo, bs, (o, x, y, n) -> {
            if (sa == 1 && sb == 1) {
                switch (op) {
                    case ADD -> v.add(a, x, b, y, out, o, n);
                    case SUB -> v.sub(a, x, b, y, out, o, n);
                    case MUL -> v.mul(a, x, b, y, out, o, n);
                    case DIV -> v.div(a, x, b, y, out, o, n);
                }
            } else if (sa == 1 && sb == 0) {
                float c = b[y];
                switch (op) {
                    case ADD -> v.scaleShift(a, x, 1f, c, out, o, n);
                    case SUB -> v.scaleShift(a, x, 1f, -c, out, o, n);
                    case MUL -> v.scaleShift(a, x, c, 0f, out, o, n);
                    case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[x + i] / c; }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float p = a[x + i * sa], q = b[y + i * sb];
                    out[o + i] = switch (op) {
                        case ADD -> p + q;
                        case SUB -> p - q;
                        case MUL -> p * q;
                        case DIV -> p / q;
                    };
                }
            }
        });
        return out;
    }

    // out (shape) = f(x), x strided
    public static float[] unary(FloatUnary f, int[] shape, float[] x, int xo, int[] xs) {
        float[] out = new float[Shape.numel(shape)];
        int rank = shape.length;
        int s = rank == 0 ? 1 : xs[rank - 1];
        forRows(shape, xo, xs, 0, new int[rank], (o, p, q, n) -> {
            for (int i = 0; i < n; i++) out[o + i] = f.apply(x[p + i * s]);
        });
        return out;
    }

    /** Runs a row body over every innermost row, split across threads when the work is large. */
    static void forRows(int[] shape, int ao, int[] as, int bo, int[] bs, Strided.Rows2 body) {
        int rows = Strided.rowCount(shape);
        int inner = shape.length == 0 ? 1 : Math.max(shape[shape.length - 1], 1);
        Parallel.forRange(rows, Math.max(1, GRAIN / inner), (r0, r1) -> Strided.rows(shape, ao, as, bo, bs, r0, r1, body));
    }

    /** A kernel over contiguous runs: out[oo, oo + n) from a[ao, ao + n) and b[bo, bo + n) (b unused by unary kernels). */
    @FunctionalInterface
    public interface Run {
        void run(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);
    }

    // out (shape) = op(x), x strided
    public static float[] unary(UnaryOp op, int[] shape, float[] x, int xo, int[] xs) {
        VectorOps v = VectorOps.get();
        return runs(shape, x, xo, xs, null, 0, null, (a, ao, b, bo, out, oo, n) -> v.unary(op, a, ao, out, oo, n));
    }

    // out (shape) = g · op'(s), g and s strided; s is op's output where op.gradFromOutput, else its input
    public static float[] unaryBackward(UnaryOp op, int[] shape, float[] g, int go, int[] gs, float[] s, int so, int[] ss) {
        VectorOps v = VectorOps.get();
        return runs(shape, g, go, gs, s, so, ss, (a, ao, b, bo, out, oo, n) -> v.unaryBackward(op, a, ao, b, bo, out, oo, n));
    }

    // out (shape) = softplus(x), x strided
    public static float[] softplus(float beta, float threshold, int[] shape, float[] x, int xo, int[] xs) {
        VectorOps v = VectorOps.get();
        return runs(shape, x, xo, xs, null, 0, null, (a, ao, b, bo, out, oo, n) -> v.softplus(beta, threshold, a, ao, out, oo, n));
    }

    // out (shape) = g · softplus'(x), g and x strided
    public static float[] softplusBackward(float beta, float threshold, int[] shape, float[] g, int go, int[] gs, float[] x, int xo, int[] xs) {
        VectorOps v = VectorOps.get();
        return runs(shape, g, go, gs, x, xo, xs, (a, ao, b, bo, out, oo, n) -> v.softplusBackward(beta, threshold, a, ao, b, bo, out, oo, n));
    }

    /**
     * out (shape) = k(a, b) over the flat element range, in parallel chunks. The kernels want contiguous runs, so a
     * strided a is first gathered into out (the kernels may work in place) and a strided b into a scratch array.
     */
    private static float[] runs(int[] shape, float[] a, int ao, int[] as, float[] b, int bo, int[] bs, Run k) {
        int n = Shape.numel(shape);
        float[] out = new float[n];
        if (n == 0) return out;
        if (!contiguous(shape, as)) {
            Strided.copy(a, ao, shape, as, out, 0);
            a = out;
            ao = 0;
        }
        if (b != null && !contiguous(shape, bs)) {
            float[] t = new float[n];
            Strided.copy(b, bo, shape, bs, t, 0);
            b = t;
            bo = 0;
        }
        float[] a1 = a, b1 = b;
        int ao1 = ao, bo1 = bo;
        Parallel.forRange(n, GRAIN, (i, j) -> k.run(a1, ao1 + i, b1, bo1 + i, out, i, j - i));
        return out;
    }

    /** Whether the layout visits memory in row-major order without gaps (size-1 dims may have any stride). */
    static boolean contiguous(int[] shape, int[] strides) {
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != s) return false;
            s *= shape[i];
        }
        return true;
    }
}
