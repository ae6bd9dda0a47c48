package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Comparisons of two nabla tensors for the layer tests (the goldens compare with PyTorch through GoldenCheck). */
final class TensorAsserts {
    private TensorAsserts() {}

    /** Same rank and size, every element within tol (NaN fails). */
    static void close(String what, Tensor want, Tensor got, float tol) {
        assertEquals(List.of(want.shape().length), List.of(got.shape().length), what + ": rank");
        float[] a = want.toArray(), b = got.toArray();
        assertEquals(a.length, b.length, what + ": size");
        for (int i = 0; i < a.length; i++)
            if (!(Math.abs(a[i] - b[i]) <= tol)) fail(what + ": element " + i + " is " + b[i] + ", expected " + a[i]);
    }
}
