package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.Reduce;
import dev.nabla.kernel.Softmax;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.ValuesIndices;

/** Reductions over dims (sum, mean, max, var, logsumexp...) and the softmax family. */
public final class Reductions {
    private Reductions() {}

    /** The permutation that keeps the other dims in order and moves the reduced dims (sorted) last. */
    private static int[] reducedLastPerm(int rank, int[] dims) {
        boolean[] red = new boolean[rank];
        for (int d : dims) red[d] = true;
        int[] perm = new int[rank];
        int j = 0;
        for (int i = 0; i < rank; i++) if (!red[i]) perm[j++] = i;
        for (int d : dims) perm[j++] = d;
        return perm;
    }

    /** Moves the reduced dims last and makes the result contiguous: then each output reads one contiguous run. */
    static Tensor reducedLast(Tensor x, int[] dims) {
        return x.detach().permute(reducedLastPerm(x.dim(), dims)).contiguous();
    }

    /** Gradient of a reduction's output, broadcast back to the input's shape. */
    static Tensor expandBack(Tensor g, int[] inShape, int[] dims) {
        return g.reshape(Shape.reduced(inShape, dims, true)).expand(inShape);
    }

    /** Normalised, sorted dims to reduce; a 0-d tensor accepts dim 0 or -1 (as PyTorch) but has none to reduce. */
    private static int[] reduceDims(String op, int[] dims, int rank) {
        int[] d = Shape.dims(op, dims, rank);
        return rank == 0 ? new int[0] : d;
    }

    private static int[] oneDim(String op, int dim, int rank) {
        int d = Shape.dim(op, dim, rank);
        return rank == 0 ? new int[0] : new int[] {d};
    }

    private static int product(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }

    /**
     * A tensor's values read as (outer, n, inner) with the reduced dims as the middle run of n, for the kernels.
     * {@code shape} is the shape of that row-major layout, and {@code inverse} the permutation back to the
     * input's dims (null when the layout keeps them in order).
     */
    private record Layout(float[] data, int off, int outer, int n, int inner, int[] shape, int[] inverse) {
        int outputs() {
            return outer * inner;
        }

        int size() {
            return outer * n * inner;
        }

        /** A gradient computed in this layout, as a tensor in the input's dim order. */
        Tensor back(float[] values) {
            Tensor t = Tensor.wrap(values, shape);
            return inverse == null ? t : t.permute(inverse);
        }
    }

    /**
     * Lays x out for reducing the sorted dims d: no copy when x is contiguous and d is one run of adjacent
     * dims; a contiguous copy when only the first fails; otherwise the reduced dims are permuted last.
     */
    private static Layout layout(Tensor x, int[] d) {
        int[] s = x.shape();
        if (d.length == 0) // 0-d: the one element reduces to itself
            return new Layout(x.storage(), x.storageOffset(), 1, 1, 1, s, null);
        int first = d[0], last = d[d.length - 1];
        if (last - first == d.length - 1) {
            Tensor c = x.isContiguous() ? x : x.contiguousCopy();
            return new Layout(c.storage(), c.storageOffset(), product(s, 0, first), product(s, first, last + 1),
                    product(s, last + 1, s.length), s, null);
        }
        int[] perm = reducedLastPerm(s.length, d), inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inverse[perm[i]] = i;
        Tensor c = x.detach().permute(perm).contiguousCopy();
        int[] cs = c.shape();
        int kept = s.length - d.length;
        return new Layout(c.storage(), c.storageOffset(), product(cs, 0, kept), product(cs, kept, cs.length), 1, cs, inverse);
    }

    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        int[] shape = x.shape();
        int[] d = reduceDims("sum", dims, shape.length);
        int[] outShape = Shape.reduced(shape, d, keepdim);
        float[] out = sumValues(x, d, Shape.numel(outShape));
        return Autograd.record("sum", Tensor.wrap(out, outShape), g -> new Tensor[] {expandBack(g, shape, d)}, x);
    }

    private static float[] sumValues(Tensor x, int[] d, int outN) {
        int inner = outN == 0 ? 0 : x.numel() / Math.max(outN, 1);
        float[] out = new float[outN];
        if (x.isContiguous() && isLeading(d)) {
            Reduce.sumOuter(x.storage(), x.storageOffset(), inner, outN, out);
        } else {
            Tensor c = reducedLast(x, d);
            Reduce.sumInner(c.storage(), c.storageOffset(), outN, inner, out);
        }
        return out;
    }

    private static boolean isLeading(int[] sortedDims) {
        for (int i = 0; i < sortedDims.length; i++) if (sortedDims[i] != i) return false;
        return sortedDims.length > 0;
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        int[] shape = x.shape();
        int[] d = reduceDims("mean", dims, shape.length);
        int[] outShape = Shape.reduced(shape, d, keepdim);
        int count = 1;
        for (int k : d) count *= shape[k];
        float[] out = sumValues(x, d, Shape.numel(outShape));
        float n = count;
        for (int i = 0; i < out.length; i++) out[i] /= n; // an empty reduction gives 0/0 = NaN, as PyTorch
        return Autograd.record("mean", Tensor.wrap(out, outShape), g -> new Tensor[] {expandBack(g.div(n), shape, d)}, x);
    }

    public static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        return variance("var", x, dims, correction, keepdim, false);
    }

    public static Tensor std(Tensor x, int[] dims, int correction, boolean keepdim) {
        return variance("std", x, dims, correction, keepdim, true);
    }

    /** var = sum((x - mean)²) / max(n - correction, 0); std = sqrt(var). Backward is one fused pass over x. */
    private static Tensor variance(String op, Tensor x, int[] dims, int correction, boolean keepdim, boolean std) {
        int[] shape = x.shape();
        int[] d = reduceDims(op, dims, shape.length);
        int[] outShape = Shape.reduced(shape, d, keepdim);
        Layout l = layout(x, d);
        int outN = l.outputs();
        float[] mean = new float[outN], m2 = new float[outN], out = new float[outN];
        Reduce.moments(l.data(), l.off(), l.outer(), l.n(), l.inner(), mean, m2);
        double divisor = Math.max(l.n() - correction, 0);
        for (int i = 0; i < outN; i++) {
            double v = m2[i] / divisor;
            out[i] = (float) (std ? Math.sqrt(v) : v);
        }
        return Autograd.record(op, Tensor.wrap(out, outShape), g -> {
            // d var / dx = 2 (x - mean) / (n - correction); d std / dx = that / (2 std), taken as 0 where std is 0 (PyTorch)
            float[] gv = g.toArray(), coef = new float[outN];
            float two = (float) (2.0 / (l.n() - correction));
            for (int i = 0; i < outN; i++) {
                if (!std) coef[i] = two * gv[i];
                else coef[i] = out[i] == 0f ? 0f : two * (gv[i] / (2f * out[i]));
            }
            float[] gx = new float[l.size()];
            Reduce.centeredScale(l.data(), l.off(), l.outer(), l.n(), l.inner(), mean, coef, gx);
            return new Tensor[] {l.back(gx)};
        }, x);
    }

    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        int[] shape = x.shape();
        int[] d = reduceDims("logsumexp", dims, shape.length);
        int[] outShape = Shape.reduced(shape, d, keepdim);
        Layout l = layout(x, d);
        float[] out = new float[l.outputs()];
        Reduce.logsumexp(l.data(), l.off(), l.outer(), l.n(), l.inner(), out);
        return Autograd.record("logsumexp", Tensor.wrap(out, outShape), g -> {
            float[] gx = new float[l.size()]; // g * exp(x - logsumexp)
            Reduce.expScale(l.data(), l.off(), l.outer(), l.n(), l.inner(), out, g.toArray(), gx);
            return new Tensor[] {l.back(gx)};
        }, x);
    }

    public static Tensor max(Tensor x) {
        return extremeAll("max", x, false);
    }

    public static Tensor min(Tensor x) {
        return extremeAll("min", x, true);
    }

    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) {
        return extremeDim("max", x, dim, keepdim, false);
    }

    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) {
        return extremeDim("min", x, dim, keepdim, true);
    }

    private static int[] allDims(int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = i;
        return d;
    }

    private static void checkNotEmpty(String op, Tensor x) {
        if (x.numel() == 0)
            throw new IllegalArgumentException(op + "(): the tensor of shape " + Shape.str(x.shape())
                    + " is empty, so it has no " + op + "; reduce along a dim instead");
    }

    /** Checks the reduced dim is not empty (other dims may be) and returns x's layout for reducing it. */
    private static Layout dimLayout(String op, Tensor x, int[] d) {
        if (d.length == 1 && x.shape()[d[0]] == 0)
            throw new IllegalArgumentException(op + "(): dim " + d[0] + " of shape " + Shape.str(x.shape())
                    + " is empty, and " + op + " has no value over no elements");
        return layout(x, d);
    }

    /** Max or min of all elements; the gradient is shared evenly among the elements that equal it (as PyTorch). */
    private static Tensor extremeAll(String op, Tensor x, boolean min) {
        checkNotEmpty(op, x);
        Layout l = layout(x, allDims(x.dim()));
        float[] val = new float[1];
        Reduce.extreme(l.data(), l.off(), 1, l.size(), 1, min, val, new int[1]);
        return Autograd.record(op, Tensor.scalar(val[0]), g -> {
            float[] gx = new float[l.size()];
            Reduce.spreadTies(l.data(), l.off(), l.size(), val[0], g.item(), gx);
            return new Tensor[] {l.back(gx)};
        }, x);
    }

    /** Max or min along a dim with the index of its first occurrence; the gradient goes to that index. */
    private static ValuesIndices extremeDim(String op, Tensor x, int dim, boolean keepdim, boolean min) {
        int[] shape = x.shape();
        int[] d = oneDim(op, dim, shape.length);
        int[] outShape = Shape.reduced(shape, d, keepdim);
        Layout l = dimLayout(op, x, d);
        float[] val = new float[l.outputs()];
        int[] idx = new int[l.outputs()];
        Reduce.extreme(l.data(), l.off(), l.outer(), l.n(), l.inner(), min, val, idx);
        Tensor values = Autograd.record(op, Tensor.wrap(val, outShape), g -> {
            float[] gx = new float[l.size()];
            Reduce.scatter(g.toArray(), idx, l.outer(), l.n(), l.inner(), gx);
            return new Tensor[] {l.back(gx)};
        }, x);
        return new ValuesIndices(values, IntTensor.wrap(idx.clone(), outShape));
    }

    /** Index of the maximum in the flattened tensor (first occurrence). */
    public static IntTensor argmax(Tensor x) {
        checkNotEmpty("argmax", x);
        Layout l = layout(x, allDims(x.dim()));
        int[] idx = new int[1];
        Reduce.extreme(l.data(), l.off(), 1, l.size(), 1, false, new float[1], idx);
        return IntTensor.scalar(idx[0]);
    }

    public static IntTensor argmax(Tensor x, int dim, boolean keepdim) {
        int[] shape = x.shape();
        int[] d = oneDim("argmax", dim, shape.length);
        Layout l = dimLayout("argmax", x, d);
        int[] idx = new int[l.outputs()];
        Reduce.extreme(l.data(), l.off(), l.outer(), l.n(), l.inner(), false, new float[idx.length], idx);
        return IntTensor.wrap(idx, Shape.reduced(shape, d, keepdim));
    }

    public static Tensor softmax(Tensor x, int dim) {
        return softmaxOp("softmax", x, dim, false);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return softmaxOp("logSoftmax", x, dim, true);
    }

    private static Tensor softmaxOp(String op, Tensor x, int dim, boolean log) {
        int[] shape = x.shape();
        Layout l = layout(x, oneDim(op, dim, shape.length)); // one dim: always in x's own order
        float[] out = Softmax.forward(l.data(), l.off(), l.outer(), l.n(), l.inner(), log);
        return Autograd.record(op, Tensor.wrap(out, shape), g -> {
            Tensor gc = g.contiguous();
            float[] gx = Softmax.backward(out, 0, gc.storage(), gc.storageOffset(), l.outer(), l.n(), l.inner(), log);
            return new Tensor[] {Tensor.wrap(gx, shape)};
        }, x);
    }
}
