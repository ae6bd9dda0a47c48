package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.Copy;
import dev.nabla.kernel.Gather;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** Ops driven by integer indices: index_select, gather, scatter_add, embedding, one_hot. */
public final class IndexOps {
    private IndexOps() {}

    /** Every index must lie in [0, size): negative indices are errors here, as in PyTorch's index ops. */
    private static void checkIndices(String op, int[] idx, int dim, int size) {
        for (int v : idx)
            if (v < 0 || v >= size)
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for dim " + dim + " of size " + size);
    }

    /** Size of dim d, where a 0-d tensor counts as having one element along its only valid dim. */
    private static int sizeAt(int[] shape, int d) {
        return shape.length == 0 ? 1 : shape[d];
    }

    private static int prod(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }

    private static Tensor contiguous(Tensor t) {
        return t.isContiguous() ? t : t.contiguousCopy();
    }

    public static Tensor indexSelect(Tensor x, int dim, IntTensor index) {
        if (index.dim() > 1)
            throw new IllegalArgumentException("indexSelect: index must be 0-d or 1-D, got shape " + Shape.str(index.shape()));
        int[] s = x.shape();
        int d = Shape.dim("indexSelect", dim, s.length);
        int[] idx = index.storage();
        checkIndices("indexSelect", idx, d, sizeAt(s, d));
        int[] outShape = s.clone();
        if (s.length == 0) {
            if (idx.length != 1)
                throw new IllegalArgumentException("indexSelect: a 0-d tensor takes exactly one index, got " + idx.length);
        } else outShape[d] = idx.length;
        int outer = prod(s, 0, d), n = sizeAt(s, d), inner = prod(s, Math.min(d + 1, s.length), s.length);
        Tensor c = contiguous(x);
        float[] out = new float[Shape.numel(outShape)];
        Gather.indexSelect(c.storage(), c.storageOffset(), outer, n, inner, idx, out);
        return Autograd.record("indexSelect", Tensor.wrap(out, outShape), g -> {
            Tensor gc = contiguous(g);
            Tensor gx = Tensor.zeros(s);
            Gather.indexAdd(gc.storage(), gc.storageOffset(), outer, idx.length, inner, idx, gx.storage(), n);
            return new Tensor[] {gx};
        }, x);
    }

    public static Tensor gather(Tensor x, int dim, IntTensor index) {
        int[] s = x.shape(), is = index.shape();
        if (is.length != s.length)
            throw new IllegalArgumentException("gather: index must have the same rank as the input, but index has shape " + Shape.str(is)
                    + " and input has shape " + Shape.str(s));
        int d = Shape.dim("gather", dim, s.length);
        for (int i = 0; i < s.length; i++)
            if (i != d && is[i] > s[i])
                throw new IllegalArgumentException("gather: index of shape " + Shape.str(is) + " is larger than the input of shape " + Shape.str(s)
                        + " in dim " + i + " (only dim " + d + " may be larger)");
        int[] idx = index.storage();
        checkIndices("gather", idx, d, sizeAt(s, d));
        float[] out = new float[idx.length];
        Gather.gather(x.storage(), x.storageOffset(), x.strides(), d, idx, is, out);
        return Autograd.record("gather", Tensor.wrap(out, is), g -> {
            Tensor gx = Tensor.zeros(s);
            Gather.scatterAdd(g.storage(), g.storageOffset(), g.strides(), d, idx, is, gx.storage(), 0, gx.strides());
            return new Tensor[] {gx};
        }, x);
    }

    /** Out-of-place torch.scatter_add: a copy of x with src[p] added at x[.., index[p], ..] (along dim) for each position p of index. */
    public static Tensor scatterAdd(Tensor x, int dim, IntTensor index, Tensor src) {
        int[] s = x.shape(), is = index.shape(), ss = src.shape();
        if (is.length != s.length || ss.length != s.length)
            throw new IllegalArgumentException("scatterAdd: input, index and src must have the same rank, got shapes " + Shape.str(s) + ", "
                    + Shape.str(is) + " and " + Shape.str(ss));
        int d = Shape.dim("scatterAdd", dim, s.length);
        for (int i = 0; i < s.length; i++) {
            if (is[i] > ss[i] || (i != d && is[i] > s[i]))
                throw new IllegalArgumentException("scatterAdd: index of shape " + Shape.str(is) + " must be no larger than src " + Shape.str(ss)
                        + " in every dim and than the input " + Shape.str(s) + " in every dim but " + d + "; dim " + i + " is larger");
        }
        int[] idx = index.storage();
        checkIndices("scatterAdd", idx, d, sizeAt(s, d));
        Tensor out = x.contiguousCopy();
        Gather.scatterAdd(src.storage(), src.storageOffset(), src.strides(), d, idx, is, out.storage(), 0, out.strides());
        return Autograd.record("scatterAdd", out, g -> {
            Tensor gsrc = null;
            if (src.requiresGrad()) {
                float[] picked = new float[idx.length];
                Gather.gather(g.storage(), g.storageOffset(), g.strides(), d, idx, is, picked);
                gsrc = Tensor.wrap(picked, is);
                if (!Arrays.equals(is, ss)) { // src positions outside index's shape were never read
                    Tensor z = Tensor.zeros(ss);
                    Copy.strided(is, picked, 0, gsrc.strides(), z.storage(), 0, z.strides());
                    gsrc = z;
                }
            }
            return new Tensor[] {x.requiresGrad() ? g : null, gsrc};
        }, x, src);
    }

    /** Rows of weight (num, dim) picked by ids: output shape ids.shape + [dim]. */
    public static Tensor embedding(IntTensor ids, Tensor weight) {
        if (weight.dim() != 2)
            throw new IllegalArgumentException("embedding: weight must be 2-D (num, dim), got shape " + Shape.str(weight.shape()));
        int[] ws = weight.shape();
        int num = ws[0], width = ws[1];
        int[] idx = ids.storage();
        checkIndices("embedding", idx, 0, num);
        int[] is = ids.shape();
        int[] outShape = Arrays.copyOf(is, is.length + 1);
        outShape[is.length] = width;
        Tensor c = contiguous(weight);
        float[] out = new float[Shape.numel(outShape)];
        Gather.indexSelect(c.storage(), c.storageOffset(), 1, num, width, idx, out);
        return Autograd.record("embedding", Tensor.wrap(out, outShape), g -> {
            Tensor gc = contiguous(g);
            Tensor gw = Tensor.zeros(ws);
            Gather.indexAdd(gc.storage(), gc.storageOffset(), 1, idx.length, width, idx, gw.storage(), num);
            return new Tensor[] {gw};
        }, weight);
    }

    /** One-hot rows as float: output shape ids.shape + [numClasses]; numClasses -1 means max(ids) + 1, as PyTorch. */
    public static Tensor oneHot(IntTensor ids, int numClasses) {
        int[] idx = ids.storage();
        int classes = numClasses;
        if (numClasses == -1) {
            if (idx.length == 0) throw new IllegalArgumentException("oneHot: cannot infer the number of classes from empty ids; pass numClasses");
            int max = Integer.MIN_VALUE;
            for (int v : idx) max = Math.max(max, v);
            classes = Math.max(max, 0) + 1;
        } else if (numClasses < 0) {
            throw new IllegalArgumentException("oneHot: numClasses must be non-negative (or -1 to infer it), got " + numClasses);
        }
        int[] is = ids.shape();
        checkIndices("oneHot", idx, is.length, classes);
        int[] outShape = Arrays.copyOf(is, is.length + 1);
        outShape[is.length] = classes;
        float[] out = new float[Shape.numel(outShape)];
        Gather.oneHot(idx, classes, out);
        return Tensor.wrap(out, outShape);
    }
}
