package dev.nabla.ops;

import dev.nabla.tensor.Tensor;

import java.util.List;

/** Slicing and joining: narrow, slice, select, cat, stack, split, chunk, pad. */
public final class ShapeOps {
    private ShapeOps() {}

    private static UnsupportedOperationException todo(String op) {
        return new UnsupportedOperationException(op + " is not implemented yet");
    }

    public static Tensor narrow(Tensor x, int dim, int start, int length) { throw todo("narrow"); }

    public static Tensor slice(Tensor x, int dim, int start, int end, int step) { throw todo("slice"); }

    public static Tensor select(Tensor x, int dim, int index) { throw todo("select"); }

    public static Tensor cat(List<Tensor> tensors, int dim) { throw todo("cat"); }

    public static Tensor stack(List<Tensor> tensors, int dim) { throw todo("stack"); }

    public static List<Tensor> split(Tensor x, int splitSize, int dim) { throw todo("split"); }

    public static List<Tensor> split(Tensor x, int[] sizes, int dim) { throw todo("split"); }

    public static List<Tensor> chunk(Tensor x, int chunks, int dim) { throw todo("chunk"); }

    public static Tensor pad(Tensor x, int[] pad, float value) { throw todo("pad"); }
}
