package dev.nabla.tensor;

/** Creation ops that compute their values: arange, linspace, eye. */
final class TensorFactory {
    private TensorFactory() {}

    static Tensor arange(float start, float end, float step) {
        if (step == 0 || Float.isNaN(step)) throw new IllegalArgumentException("arange: step must be nonzero, got " + step);
        if ((end - start) / step < 0)
            throw new IllegalArgumentException("arange: upper bound and lower bound inconsistent with step sign (start " + start + ", end " + end + ", step " + step + ")");
        int n = (int) Math.ceil(((double) end - start) / step);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (start + (double) i * step);
        return Tensor.wrap(d, n);
    }

    static Tensor linspace(float start, float end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        float[] d = new float[steps];
        if (steps == 1) d[0] = start;
        // as PyTorch: the first half counts up from start, the second half down from end
        float step = steps > 1 ? (end - start) / (steps - 1) : 0;
        int half = steps / 2;
        for (int i = 0; i < steps; i++) d[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
        return Tensor.wrap(d, steps);
    }

    static Tensor eye(int n, int m) {
        if (n < 0 || m < 0) throw new IllegalArgumentException("eye: sizes must be non-negative, got " + n + " and " + m);
        float[] d = new float[n * m];
        for (int i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1f;
        return Tensor.wrap(d, n, m);
    }
}
