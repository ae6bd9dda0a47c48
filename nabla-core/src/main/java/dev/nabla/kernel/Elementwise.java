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
}
