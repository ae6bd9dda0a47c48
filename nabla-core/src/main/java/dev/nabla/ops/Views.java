package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** Ops that re-read the same storage with new shape and strides: no data is copied (except by contiguous). */
public final class Views {
    private Views() {}

    public static Tensor contiguous(Tensor x) {
        Tensor out = x.contiguousCopy();
        return Autograd.record("contiguous", out, g -> new Tensor[] {g}, x);
    }

    public static Tensor reshape(Tensor x, int... newShape) {
        int[] shape = Shape.infer("reshape", newShape, x.numel());
        int[] strides = viewStrides(x.shape(), x.strides(), shape);
        Tensor src = x;
        if (strides == null) { // this layout cannot be viewed that way: copy first
            src = contiguous(x);
            strides = Shape.contiguousStrides(shape);
        }
        return reshaped(x, src, shape, strides);
    }

    public static Tensor view(Tensor x, int... newShape) {
        int[] shape = Shape.infer("view", newShape, x.numel());
        int[] strides = viewStrides(x.shape(), x.strides(), shape);
        if (strides == null)
            throw new IllegalArgumentException("view: a tensor of shape " + Shape.str(x.shape()) + " and strides " + Arrays.toString(x.strides())
                    + " cannot be viewed as " + Shape.str(shape) + "; use reshape(), or contiguous() first");
        return reshaped(x, x, shape, strides);
    }

    private static Tensor reshaped(Tensor x, Tensor src, int[] shape, int[] strides) {
        int[] inShape = x.shape();
        Tensor out = src.viewOf(src.storageOffset(), shape, strides);
        return Autograd.record("reshape", out, g -> new Tensor[] {g.reshape(inShape)}, src);
    }

    /**
     * Strides that give {@code shape} over the same elements as (oldShape, oldStrides) in row-major order,
     * or null when no such strides exist (as PyTorch's computeStride).
     */
    static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] shape) {
        int[] st = new int[shape.length];
        if (oldShape.length == 0 || Shape.numel(oldShape) == 0) return Shape.contiguousStrides(shape);
        int viewD = shape.length - 1;
        int chunkBase = oldStrides.length == 0 ? 1 : oldStrides[oldStrides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            tensorNumel *= oldShape[d];
            if (d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] == 1)) {
                    st[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= shape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0) {
                    chunkBase = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) return null;
        return st;
    }

    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        int r = x.dim();
        int a = Shape.dim("transpose", dim0, r), b = Shape.dim("transpose", dim1, r);
        if (r == 0) return x;
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[a] = b;
        perm[b] = a;
        return permuteChecked(x, perm, "transpose");
    }

    public static Tensor permute(Tensor x, int... dims) {
        int r = x.dim();
        if (dims.length != r)
            throw new IllegalArgumentException("permute: " + dims.length + " dims " + Arrays.toString(dims) + " for a tensor of rank " + r + " (shape " + Shape.str(x.shape()) + ")");
        int[] perm = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            perm[i] = Shape.dim("permute", dims[i], r);
            if (seen[perm[i]]) throw new IllegalArgumentException("permute: dim " + dims[i] + " repeats in " + Arrays.toString(dims));
            seen[perm[i]] = true;
        }
        return permuteChecked(x, perm, "permute");
    }

    private static Tensor permuteChecked(Tensor x, int[] perm, String name) {
        int[] s = x.shape(), st = x.strides();
        int[] ns = new int[perm.length], nst = new int[perm.length], inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            ns[i] = s[perm[i]];
            nst[i] = st[perm[i]];
            inverse[perm[i]] = i;
        }
        Tensor out = x.viewOf(x.storageOffset(), ns, nst);
        return Autograd.record(name, out, g -> new Tensor[] {g.permute(inverse)}, x);
    }

    public static Tensor expand(Tensor x, int... sizes) {
        int[] s = x.shape(), st = x.strides();
        if (sizes.length < s.length)
            throw new IllegalArgumentException("expand: the number of sizes " + Arrays.toString(sizes) + " must be at least the rank of shape " + Shape.str(s));
        int lead = sizes.length - s.length;
        int[] ns = new int[sizes.length], nst = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int want = sizes[i];
            if (i < lead) {
                if (want < 0) throw new IllegalArgumentException("expand: size -1 is not allowed in a new leading dim (sizes " + Arrays.toString(sizes) + ")");
                ns[i] = want;
                nst[i] = 0;
            } else {
                int have = s[i - lead];
                if (want == -1 || want == have) {
                    ns[i] = have;
                    nst[i] = st[i - lead];
                } else if (have == 1 && want >= 0) {
                    ns[i] = want;
                    nst[i] = 0;
                } else {
                    throw new IllegalArgumentException("expand: shape " + Shape.str(s) + " cannot be expanded to " + Arrays.toString(sizes)
                            + ": dim " + i + " has size " + have + ", which is not 1");
                }
            }
        }
        if (Arrays.equals(ns, s)) return x;
        Tensor out = x.viewOf(x.storageOffset(), ns, nst);
        return Autograd.record("expand", out, g -> new Tensor[] {Autograd.unbroadcast(g, s)}, x);
    }

    public static Tensor squeeze(Tensor x) {
        int[] s = x.shape();
        int n = 0;
        for (int v : s) if (v != 1) n++;
        int[] ns = new int[n];
        n = 0;
        for (int v : s) if (v != 1) ns[n++] = v;
        return reshape(x, ns);
    }

    public static Tensor squeeze(Tensor x, int dim) {
        int[] s = x.shape();
        int d = Shape.dim("squeeze", dim, s.length);
        if (s.length == 0 || s[d] != 1) return x;
        int[] ns = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != d) ns[j++] = s[i];
        return reshape(x, ns);
    }

    public static Tensor unsqueeze(Tensor x, int dim) {
        int[] s = x.shape();
        int d = Shape.dim("unsqueeze", dim, s.length + 1);
        int[] ns = new int[s.length + 1];
        for (int i = 0, j = 0; i < ns.length; i++) ns[i] = i == d ? 1 : s[j++];
        return reshape(x, ns);
    }

    public static Tensor flatten(Tensor x, int startDim, int endDim) {
        int[] s = x.shape();
        int a = Shape.dim("flatten", startDim, s.length), b = Shape.dim("flatten", endDim, s.length);
        if (s.length == 0) return reshape(x, 1);
        if (a > b) throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim + " for shape " + Shape.str(s));
        int[] ns = new int[s.length - (b - a)];
        int j = 0;
        for (int i = 0; i < a; i++) ns[j++] = s[i];
        long m = 1;
        for (int i = a; i <= b; i++) m *= s[i];
        ns[j++] = (int) m;
        for (int i = b + 1; i < s.length; i++) ns[j++] = s[i];
        return reshape(x, ns);
    }
}
