package dev.nabla.kernel;

import dev.nabla.nn.F;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * With a fixed thread count the parallel kernels give bit-identical results run after run (no races, fixed
 * chunking, and no kernel whose rounding depends on whether the JIT has compiled it yet): forward and backward
 * through GEMM, convolution, pooling, softmax, layer norm, cross-entropy and the activations.
 */
class DeterminismTest {
    private static float[][] run() {
        Generator g = new Generator(11);
        Tensor x = Tensor.randn(g, 32, 3, 20, 20).requiresGrad(true);
        Tensor w = Tensor.randn(g, 8, 3, 3, 3).requiresGrad(true);
        Tensor lin = Tensor.randn(g, 10, 8 * 9 * 9).requiresGrad(true);
        Tensor h = F.maxPool2d(F.conv2d(x, w, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1).relu(),
                new int[] {2, 2}, null, new int[] {0, 0});
        Tensor z = F.layerNorm(h.flatten(1, -1), new int[] {8 * 9 * 9}, null, null, 1e-5f).matmul(lin.t());
        Tensor act = z.tanh().add(z.sigmoid()).add(z.gelu()).add(z.silu()).add(z.abs().add(1f).log()).add(z.mul(0.1f).exp());
        Tensor loss = F.crossEntropy(z, IntTensor.randint(g, 0, 10, 32)).add(z.softmax(1).mul(z).sum()).add(act.sum());
        loss.backward();
        return new float[][] {loss.toArray(), x.grad().toArray(), w.grad().toArray(), lin.grad().toArray()};
    }

    @Test
    void repeatedRunsAreBitIdentical() {
        float[][] first = run();
        for (int r = 0; r < 6; r++) {
            float[][] again = run();
            for (int i = 0; i < first.length; i++) assertArrayEquals(first[i], again[i], "result " + i + ", run " + r);
        }
    }
}
