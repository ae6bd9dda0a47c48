package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.Copy;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Slicing and joining: narrow, slice, select, cat, stack, split, chunk, pad. narrow, slice and select (and so
 * split and chunk) are views on the input's storage; cat, stack and pad copy.
 */
public final class ShapeOps {
    private ShapeOps() {}

    // ---------------------------------------------------------------- views along one dim

    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = dimOf("narrow", x, dim);
        int size = x.shape()[d];
        if (start < -size || start > size)
            throw new IndexOutOfBoundsException("narrow: start " + start + " is out of range for dim " + d + " of size " + size
                    + " (expected " + -size + " to " + size + ")");
        int s = start < 0 ? start + size : start;
        if (length < 0 || (long) s + length > size)
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length + " do not fit in dim " + d + " of size " + size
                    + " (shape " + Shape.str(x.shape()) + ")");
        return along("narrow", x, d, s, 1, length, false);
    }

    /** Python's x[start:end:step] along dim: negative bounds count from the end, then both are clamped to [0, size]. */
    public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int d = dimOf("slice", x, dim);
        if (step <= 0) throw new IllegalArgumentException("slice: step must be greater than zero, got " + step);
        int size = x.shape()[d];
        long s = clampBound(start, size), e = clampBound(end, size);
        int length = e > s ? (int) ((e - s + step - 1) / step) : 0;
        return along("slice", x, d, (int) s, step, length, false);
    }

    private static long clampBound(int i, int size) {
        long v = i < 0 ? (long) i + size : i;
        return Math.max(0, Math.min(size, v));
    }

    public static Tensor select(Tensor x, int dim, int index) {
        int d = dimOf("select", x, dim);
        int size = x.shape()[d];
        if (index < -size || index >= size)
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for dim " + d + " of size " + size
                    + " (shape " + Shape.str(x.shape()) + ")");
        return along("select", x, d, index < 0 ? index + size : index, 1, 1, true);
    }

    /** A dim for the ops that need at least one dim. */
    private static int dimOf(String op, Tensor x, int dim) {
        if (x.dim() == 0) throw new IllegalArgumentException(op + ": cannot be applied to a 0-d tensor");
        return Shape.dim(op, dim, x.dim());
    }

    /**
     * {@code length} elements start, start+step, ... of dim d, as a view; with {@code drop} (select) the dim goes.
     * The backward writes the gradient into the same window of a zero tensor of the input's shape.
     */
    private static Tensor along(String name, Tensor x, int d, int start, int step, int length, boolean drop) {
        int[] inShape = x.shape();
        Tensor out = window(x, d, start, step, length, drop);
        return Autograd.recordWindow(name, out, g -> {
            Tensor gx = Tensor.zeros(inShape);
            copy(g, window(gx, d, start, step, length, drop));
            return new Tensor[] {gx};
        }, (acc, g) -> window(acc, d, start, step, length, drop).add_(g, 1f), x);
    }

    private static Tensor window(Tensor t, int d, int start, int step, int length, boolean drop) {
        int[] s = t.shape(), st = t.strides();
        int offset = t.storageOffset() + (length == 0 ? 0 : start * st[d]);
        if (drop) {
            int[] ns = new int[s.length - 1], nst = new int[s.length - 1];
            for (int i = 0, j = 0; i < s.length; i++) {
                if (i == d) continue;
                ns[j] = s[i];
                nst[j++] = st[i];
            }
            return t.viewOf(offset, ns, nst);
        }
        s[d] = length;
        st[d] *= step;
        return t.viewOf(offset, s, st);
    }

    /** The box [start, start + length) of t, as a view. */
    private static Tensor region(Tensor t, int[] start, int[] length) {
        int[] st = t.strides();
        int offset = t.storageOffset();
        if (Shape.numel(length) > 0) for (int i = 0; i < st.length; i++) offset += start[i] * st[i];
        return t.viewOf(offset, length.clone(), st);
    }

    /** dst's elements = src's (same shape); dst is a view on a fresh, unshared array. */
    private static void copy(Tensor src, Tensor dst) {
        Copy.strided(dst.shape(), src.storage(), src.storageOffset(), src.strides(), dst.storage(), dst.storageOffset(), dst.strides());
    }

    // ---------------------------------------------------------------- joining

    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors == null || tensors.isEmpty()) throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        Tensor[] ts = tensors.toArray(new Tensor[0]);
        int ref = -1;
        for (int i = 0; i < ts.length; i++) {
            if (ts[i].dim() == 0) throw new IllegalArgumentException("cat: the 0-d tensor at position " + i + " cannot be concatenated");
            if (ref < 0 && !skipped(ts[i])) ref = i;
        }
        if (ref < 0) { // only 1-D empty tensors: PyTorch returns an empty 1-D tensor whatever the dim
            Tensor out = Tensor.zeros(0);
            return Autograd.record("cat", out, g -> {
                Tensor[] gs = new Tensor[ts.length];
                for (int i = 0; i < ts.length; i++) gs[i] = ts[i].requiresGrad() ? Tensor.zeros(0) : null;
                return gs;
            }, ts);
        }
        int[] refShape = ts[ref].shape();
        int d = Shape.dim("cat", dim, refShape.length);
        int[] outShape = refShape.clone();
        outShape[d] = 0;
        int[] starts = new int[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (skipped(ts[i])) continue; // PyTorch's legacy rule: 1-D empty tensors join anything
            int[] s = ts[i].shape();
            if (s.length != refShape.length)
                throw new IllegalArgumentException("cat: tensors must have the same rank, but tensor " + ref + " has shape " + Shape.str(refShape)
                        + " and tensor " + i + " has shape " + Shape.str(s));
            for (int k = 0; k < s.length; k++)
                if (k != d && s[k] != refShape[k])
                    throw new IllegalArgumentException("cat: sizes must match except in dim " + d + ", but tensor " + ref + " has shape "
                            + Shape.str(refShape) + " and tensor " + i + " has shape " + Shape.str(s));
            starts[i] = outShape[d];
            outShape[d] = Math.addExact(outShape[d], s[d]);
        }
        Tensor out = Tensor.zeros(outShape);
        for (int i = 0; i < ts.length; i++)
            if (!skipped(ts[i])) copy(ts[i], window(out, d, starts[i], 1, ts[i].size(d), false));
        return Autograd.record("cat", out, g -> {
            Tensor[] gs = new Tensor[ts.length];
            for (int i = 0; i < ts.length; i++) {
                if (!ts[i].requiresGrad()) continue;
                gs[i] = skipped(ts[i]) ? Tensor.zeros(0) : g.narrow(d, starts[i], ts[i].size(d));
            }
            return gs;
        }, ts);
    }

    private static boolean skipped(Tensor t) {
        return t.dim() == 1 && t.size(0) == 0;
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors == null || tensors.isEmpty()) throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        int[] s0 = tensors.get(0).shape();
        for (int i = 1; i < tensors.size(); i++)
            if (!Arrays.equals(s0, tensors.get(i).shape()))
                throw new IllegalArgumentException("stack: expects tensors of equal shape, but tensor 0 has shape " + Shape.str(s0)
                        + " and tensor " + i + " has shape " + Shape.str(tensors.get(i).shape()));
        int d = Shape.dim("stack", dim, s0.length + 1);
        List<Tensor> parts = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) parts.add(t.unsqueeze(d));
        return cat(parts, d);
    }

    // ---------------------------------------------------------------- splitting (views)

    public static List<Tensor> split(Tensor x, int splitSize, int dim) {
        int d = dimOf("split", x, dim);
        int size = x.shape()[d];
        if (splitSize < 0) throw new IllegalArgumentException("split: splitSize must be non-negative, got " + splitSize);
        if (splitSize == 0 && size != 0)
            throw new IllegalArgumentException("split: splitSize can only be 0 if dim " + d + " has size 0, but it has size " + size);
        int pieces = splitSize == 0 ? 1 : Math.max(1, (int) (((long) size + splitSize - 1) / splitSize));
        List<Tensor> out = new ArrayList<>(pieces);
        for (int i = 0; i < pieces; i++) {
            int start = (int) Math.min((long) i * splitSize, size);
            out.add(along("split", x, d, start, 1, Math.min(splitSize, size - start), false));
        }
        return out;
    }

    public static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        int d = dimOf("split", x, dim);
        int size = x.shape()[d];
        long sum = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: sizes must be non-negative, got " + Arrays.toString(sizes));
            sum += s;
        }
        if (sum != size)
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " sum to " + sum + ", but dim " + d + " has size " + size
                    + " (shape " + Shape.str(x.shape()) + ")");
        List<Tensor> out = new ArrayList<>(sizes.length);
        int start = 0;
        for (int s : sizes) {
            out.add(along("split", x, d, start, 1, s, false));
            start += s;
        }
        return out;
    }

    /** torch.chunk: pieces of ceil(size / chunks), so there may be fewer than {@code chunks}. */
    public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk: chunks must be greater than 0, got " + chunks);
        int d = dimOf("chunk", x, dim);
        int size = x.shape()[d];
        int splitSize = (int) (((long) size + chunks - 1) / chunks);
        if (size == 0) { // split would give one piece; PyTorch keeps the asked-for count of empty pieces
            int[] sizes = new int[chunks];
            return split(x, sizes, d);
        }
        return split(x, splitSize, d);
    }

    // ---------------------------------------------------------------- padding

    /**
     * torch.nn.functional.pad in constant mode: {@code pad} holds (before, after) pairs from the last dim
     * backwards; negative amounts crop.
     */
    public static Tensor pad(Tensor x, int[] pad, float value) {
        int[] s = x.shape();
        int r = s.length;
        if (pad.length % 2 != 0)
            throw new IllegalArgumentException("pad: padding length must be even (before/after pairs), got " + Arrays.toString(pad));
        if (pad.length / 2 > r)
            throw new IllegalArgumentException("pad: padding " + Arrays.toString(pad) + " covers " + pad.length / 2 + " dims, but the tensor has shape " + Shape.str(s));
        int[] outShape = s.clone(), srcStart = new int[r], dstStart = new int[r], kept = s.clone();
        boolean grows = false;
        for (int k = 0; k < pad.length / 2; k++) {
            int d = r - 1 - k, before = pad[2 * k], after = pad[2 * k + 1];
            long keep = (long) s[d] - Math.max(0, -(long) before) - Math.max(0, -(long) after);
            if (keep < 0)
                throw new IllegalArgumentException("pad: negative padding " + before + ", " + after + " crops more than the " + s[d]
                        + " elements of dim " + d + " (shape " + Shape.str(s) + ")");
            srcStart[d] = Math.max(0, -before);
            dstStart[d] = Math.max(0, before);
            kept[d] = (int) keep;
            outShape[d] = Math.toIntExact((long) s[d] + before + after);
            grows |= before > 0 || after > 0;
        }
        if (grows) // PyTorch 1.13 rejects an empty padded dim once anything grows
            for (int k = 0; k < pad.length / 2; k++) {
                int d = r - 1 - k;
                if (outShape[d] <= 0)
                    throw new IllegalArgumentException("pad: dim " + d + " of size " + s[d] + " with padding " + pad[2 * k] + ", " + pad[2 * k + 1]
                            + " would have size " + outShape[d] + "; a padded dim must keep at least one element");
            }
        Tensor out = Tensor.full(value, outShape);
        copy(region(x, srcStart, kept), region(out, dstStart, kept));
        return Autograd.record("pad", out, g -> {
            Tensor gx = Tensor.zeros(s);
            copy(region(g, dstStart, kept), region(gx, srcStart, kept));
            return new Tensor[] {gx};
        }, x);
    }
}
