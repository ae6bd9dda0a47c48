package dev.nabla.kernel;

/** Strided-to-strided copies: the forward of cat and pad, and the backward of slicing views. */
public final class Copy {
    private Copy() {}

    // dst (shape, dstStrides) = src (shape, srcStrides); both regions may be strided views of larger arrays
    public static void strided(int[] shape, float[] src, int srcOffset, int[] srcStrides, float[] dst, int dstOffset, int[] dstStrides) {
        int rank = shape.length;
        for (int n : shape) if (n == 0) return; // an empty view's offset may lie past its array's end
        int sl = rank == 0 ? 1 : srcStrides[rank - 1], dl = rank == 0 ? 1 : dstStrides[rank - 1];
        Elementwise.forRows(shape, dstOffset, dstStrides, srcOffset, srcStrides, (o, d, s, n) -> {
            if (sl == 1 && dl == 1) System.arraycopy(src, s, dst, d, n);
            else for (int i = 0; i < n; i++) dst[d + i * dl] = src[s + i * sl];
        });
    }
}
