package dev.nabla.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by tensors, ops and kernels: sizes, strides, broadcasting, dim checks. */
public final class Shape {
    private Shape() {}

    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor of shape " + str(shape) + " has " + n + " elements; at most " + Integer.MAX_VALUE + " are supported");
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return st;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    public static void checkSizes(String op, int[] shape) {
        for (int s : shape)
            if (s < 0) throw new IllegalArgumentException(op + ": negative size in shape " + str(shape));
    }

    /** NumPy broadcasting of two shapes; the error names the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i - (n - a.length), db = i - (n - b.length);
            int sa = da >= 0 ? a[da] : 1, sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1)
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast: at dim " + (i - n) + " sizes " + sa + " and " + sb + " differ and neither is 1");
            out[i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /**
     * Strides that read a tensor of shape {@code shape} with strides {@code strides} as if it had the
     * broadcast shape {@code to}: broadcast dims get stride 0.
     */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] to) {
        int[] out = new int[to.length];
        int off = to.length - shape.length;
        for (int i = 0; i < shape.length; i++) out[i + off] = shape[i] == 1 && to[i + off] != 1 ? 0 : strides[i];
        return out;
    }

    /** Normalises a possibly negative dim against a rank; names the op when it is out of range. */
    public static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r)
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for a tensor of rank " + rank + " (expected -" + r + " to " + (r - 1) + ")");
        return dim < 0 ? dim + r : dim;
    }

    /** Normalises a set of dims (an empty array means all dims); rejects duplicates. */
    public static int[] dims(String op, int[] dims, int rank) {
        if (dims == null || dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        int[] out = new int[dims.length];
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dim(op, dims[i], rank);
            if (seen[out[i]]) throw new IllegalArgumentException(op + ": dim " + dims[i] + " appears more than once in " + Arrays.toString(dims));
            seen[out[i]] = true;
        }
        Arrays.sort(out);
        return out;
    }

    /** Resolves a reshape target that may hold one -1. */
    public static int[] infer(String op, int[] target, int numel) {
        int[] out = target.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException(op + ": only one dimension can be -1 in " + str(target));
                unknown = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + out[i] + " in " + str(target));
            } else known *= out[i];
        }
        if (unknown >= 0) {
            if (known == 0 || numel % known != 0)
                throw new IllegalArgumentException(op + ": shape " + str(target) + " is invalid for a tensor of " + numel + " elements");
            out[unknown] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + str(target) + " is invalid for a tensor of " + numel + " elements");
        }
        return out;
    }

    /** Shape after reducing {@code dims} (sorted, normalised), kept as size 1 or removed. */
    public static int[] reduced(int[] shape, int[] dims, boolean keepdim) {
        boolean[] red = new boolean[shape.length];
        for (int d : dims) red[d] = true;
        int n = 0;
        for (int i = 0; i < shape.length; i++) if (!red[i] || keepdim) n++;
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!red[i]) out[j++] = shape[i];
            else if (keepdim) out[j++] = 1;
        }
        return out;
    }
}
