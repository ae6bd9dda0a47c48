package dev.nabla.autograd;

import dev.nabla.nn.F;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** A leaf keeps a fresh gradient from a backward kernel without a copy; accumulation still makes a new tensor. */
class FreshGradTest {
    @Test
    void aSecondBackwardAccumulatesIntoANewTensor() {
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, 3, 4).requiresGrad(true), up = Tensor.randn(g, 3, 4);
        x.softmax(-1).backward(up);
        Tensor first = x.grad();
        float[] once = first.toArray();
        x.softmax(-1).backward(up);
        assertNotSame(first, x.grad());
        assertArrayEquals(once, first.toArray(), "the first gradient is not modified by the second backward");
        float[] twice = x.grad().toArray();
        for (int i = 0; i < once.length; i++) assertArrayEquals(new float[] {2 * once[i]}, new float[] {twice[i]}, 1e-6f);
    }

    @Test
    void layerNormGradientsAreSeparateTensors() {
        Generator g = new Generator(6);
        Tensor x = Tensor.randn(g, 2, 5).requiresGrad(true);
        Tensor w = Tensor.randn(g, 5).requiresGrad(true), b = Tensor.randn(g, 5).requiresGrad(true);
        F.layerNorm(x, new int[] {5}, w, b, 1e-5f).sum().backward();
        assertNotSame(w.grad().storage(), b.grad().storage());
        assertNotSame(x.grad().storage(), w.grad().storage());
    }
}
