package dev.nabla.tensor;

/**
 * Creation ops that compute their values: arange, linspace, eye. Values are bit-identical to PyTorch 1.13 on
 * x86-64 (AVX2 kernels): torch computes most elements in 8-wide vectors from a per-vector base and the tail
 * one by one, with different roundings, so the same split is reproduced here (checked by creation.json).
 */
final class TensorFactory {
    private static final int VEC = 8; // floats per AVX2 vector
    private static final int UNROLL = 2; // torch's vectorised loop takes two vectors per step

    private TensorFactory() {}

    static Tensor arange(float start, float end, float step) {
        if (step == 0 || Float.isNaN(step)) throw new IllegalArgumentException("arange: step must be nonzero, got " + step);
        if (!Float.isFinite(start) || !Float.isFinite(end))
            throw new IllegalArgumentException("arange: unsupported range " + start + " -> " + end);
        if ((step > 0 && end < start) || (step < 0 && end > start))
            throw new IllegalArgumentException("arange: upper bound and lower bound inconsistent with step sign (start " + start + ", end " + end + ", step " + step + ")");
        double size = Math.ceil(((double) end - start) / step);
        if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("arange: " + size + " elements are too many");
        int n = (int) size;
        float[] d = new float[n];
        // torch accumulates in double: vectors start at base = (float) (start + step * i), then add k * step in double
        double s0 = start, st = step;
        int vecEnd = n / (VEC * UNROLL) * (VEC * UNROLL), i = 0;
        for (; i < vecEnd; i += VEC) {
            double base = (float) (s0 + st * i);
            for (int k = 0; k < VEC; k++) d[i + k] = (float) (base + k * st);
        }
        for (; i < n; i++) d[i] = (float) (s0 + st * i);
        return Tensor.wrap(d, n);
    }

    static Tensor linspace(float start, float end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        float[] d = new float[steps];
        if (steps == 1) d[0] = start;
        if (steps <= 1) return Tensor.wrap(d, steps);
        // as PyTorch: the first half counts up from start, the second half down from end, in float;
        // a vector's base and the scalar tail are fused multiply-adds, the steps inside a vector are not
        float step = (end - start) / (steps - 1);
        int half = steps / 2;
        int vecEnd = steps / (VEC * UNROLL) * (VEC * UNROLL), i = 0;
        for (; i < vecEnd; i += VEC) {
            float base = fromEnds(start, end, step, steps, half, i);
            for (int k = 0; k < VEC; k++) d[i + k] = base + k * step;
        }
        for (; i < steps; i++) d[i] = fromEnds(start, end, step, steps, half, i);
        return Tensor.wrap(d, steps);
    }

    private static float fromEnds(float start, float end, float step, int steps, int half, int i) {
        return i < half ? Math.fma(step, (float) i, start) : Math.fma(-step, (float) (steps - i - 1), end);
    }

    static Tensor eye(int n, int m) {
        if (n < 0 || m < 0) throw new IllegalArgumentException("eye: sizes must be non-negative, got " + n + " and " + m);
        float[] d = new float[Shape.numel(new int[] {n, m})];
        for (int i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1f;
        return Tensor.wrap(d, n, m);
    }
}
