package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.Reduce;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.ValuesIndices;

/** Reductions over dims (sum, mean, max, var, logsumexp...) and the softmax family. */
public final class Reductions {
    private Reductions() {}

    /** Moves the reduced dims last and makes the result contiguous: then each output reads one contiguous run. */
    static Tensor reducedLast(Tensor x, int[] dims) {
        int r = x.dim();
        boolean[] red = new boolean[r];
        for (int d : dims) red[d] = true;
        int[] perm = new int[r];
        int j = 0;
        for (int i = 0; i < r; i++) if (!red[i]) perm[j++] = i;
        for (int d : dims) perm[j++] = d;
        return x.detach().permute(perm).contiguous();
    }

    /** Gradient of a reduction's output, broadcast back to the input's shape. */
    static Tensor expandBack(Tensor g, int[] inShape, int[] dims) {
        return g.reshape(Shape.reduced(inShape, dims, true)).expand(inShape);
    }

    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        int[] shape = x.shape();
        int[] d = Shape.dims("sum", dims, shape.length);
        int[] outShape = Shape.reduced(shape, d, keepdim);
        int outN = Shape.numel(outShape);
        int inner = outN == 0 ? 0 : x.numel() / Math.max(outN, 1);
        float[] out = new float[outN];
        if (x.isContiguous() && isLeading(d)) {
            Reduce.sumOuter(x.storage(), x.storageOffset(), inner, outN, out);
        } else {
            Tensor c = reducedLast(x, d);
            Reduce.sumInner(c.storage(), c.storageOffset(), outN, inner, out);
        }
        return Autograd.record("sum", Tensor.wrap(out, outShape), g -> new Tensor[] {expandBack(g, shape, d)}, x);
    }

    private static boolean isLeading(int[] sortedDims) {
        for (int i = 0; i < sortedDims.length; i++) if (sortedDims[i] != i) return false;
        return sortedDims.length > 0;
    }

    // ---------------------------------------------------------------- to be implemented

    private static UnsupportedOperationException todo(String op) {
        return new UnsupportedOperationException(op + " is not implemented yet");
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) { throw todo("mean"); }

    public static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) { throw todo("var"); }

    public static Tensor std(Tensor x, int[] dims, int correction, boolean keepdim) { throw todo("std"); }

    public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) { throw todo("logsumexp"); }

    public static Tensor max(Tensor x) { throw todo("max"); }

    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) { throw todo("max"); }

    public static Tensor min(Tensor x) { throw todo("min"); }

    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) { throw todo("min"); }

    public static IntTensor argmax(Tensor x) { throw todo("argmax"); }

    public static IntTensor argmax(Tensor x, int dim, boolean keepdim) { throw todo("argmax"); }

    public static Tensor softmax(Tensor x, int dim) { throw todo("softmax"); }

    public static Tensor logSoftmax(Tensor x, int dim) { throw todo("logSoftmax"); }
}
