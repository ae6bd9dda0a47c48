package dev.nabla.ops;

import dev.nabla.nn.Reduction;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Small helpers shared by the nn ops (losses, normalisation, convolution, pooling). */
final class NnSupport {
    private NnSupport() {}

    /** A tensor whose storage can be read row-major from its offset: this one when contiguous, else a copy (outside the graph). */
    static Tensor dense(Tensor t) {
        return t.isContiguous() ? t.detach() : t.contiguousCopy();
    }

    /** A per-dim argument given as one value for both dims or as {h, w}. */
    static int[] pair(String op, String what, int[] v) {
        if (v == null || (v.length != 1 && v.length != 2))
            throw new IllegalArgumentException(op + ": " + what + " must have 1 or 2 values, got " + (v == null ? "null" : java.util.Arrays.toString(v)));
        return v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    }

    /** The loss tensor after the reduction: per-element (shape), their sum, or their sum divided by count. */
    static Tensor reduce(float[] loss, int[] shape, Reduction r, int count) {
        return switch (r) {
            case NONE -> Tensor.wrap(loss, shape);
            case SUM -> Tensor.scalar((float) sum(loss));
            case MEAN -> Tensor.scalar((float) (sum(loss) / count)); // 0 / 0 is NaN, as PyTorch
        };
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float v : a) s += v;
        return s;
    }

    /** The upstream gradient of a loss as kernels read it: per element (NONE), or one scale for all elements. */
    record Upstream(float[] w, boolean scalar) {
        static Upstream of(Tensor g, Reduction r, int count) {
            return switch (r) {
                case NONE -> new Upstream(g.toArray(), false);
                case SUM -> new Upstream(new float[] {g.item()}, true);
                case MEAN -> new Upstream(new float[] {g.item() / count}, true);
            };
        }
    }

    static void requireSameShape(String op, String what, Tensor input, Tensor target) {
        if (!java.util.Arrays.equals(input.shape(), target.shape()))
            throw new IllegalArgumentException(op + ": " + what + " of shape " + Shape.str(target.shape())
                    + " must have the same shape as the input, " + Shape.str(input.shape()));
    }
}
