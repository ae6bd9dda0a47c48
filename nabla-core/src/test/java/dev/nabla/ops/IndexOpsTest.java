package dev.nabla.ops;

import dev.nabla.nn.F;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexOpsTest {
    @Test
    void indexErrorsNameOpIndexDimAndSize() {
        Tensor x = Tensor.zeros(3, 4);
        String[][] cases = {
                {"indexSelect", msg(() -> x.indexSelect(1, IntTensor.of(0, 4)))},
                {"gather", msg(() -> x.gather(0, IntTensor.of(new int[][] {{0, -1}})))},
                {"scatterAdd", msg(() -> x.scatterAdd(1, IntTensor.of(new int[][] {{7}}), Tensor.zeros(1, 1)))},
                {"embedding", msg(() -> F.embedding(IntTensor.of(1, 3), x))},
        };
        String[] bad = {"4", "-1", "7", "3"};
        String[] dim = {"dim 1", "dim 0", "dim 1", "dim 0"};
        String[] size = {"size 4", "size 3", "size 4", "size 3"};
        for (int i = 0; i < cases.length; i++) {
            String m = cases[i][1];
            assertTrue(m.startsWith(cases[i][0]) && m.contains("index " + bad[i]) && m.contains(dim[i]) && m.contains(size[i]), m);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> F.oneHot(IntTensor.of(0, 3), 3));
        assertThrows(IndexOutOfBoundsException.class, () -> F.oneHot(IntTensor.of(-1), 3));
    }

    private static String msg(Runnable r) {
        return assertThrows(IndexOutOfBoundsException.class, r::run).getMessage();
    }

    @Test
    void scatterAddGivesSrcAZeroGradientOutsideTheIndexShape() {
        Tensor x = Tensor.zeros(3, 4).requiresGrad(true);
        Tensor src = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad(true);
        IntTensor idx = IntTensor.of(new int[][] {{0, 0}, {2, 0}});
        Tensor out = x.scatterAdd(0, idx, src);
        assertArrayEquals(new float[] {1, 7, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0}, out.toArray());
        Tensor g = Tensor.arange(12f).reshape(3, 4);
        out.backward(g);
        assertArrayEquals(g.toArray(), x.grad().toArray());
        assertArrayEquals(new float[] {0, 1, 0, 8, 1, 0}, src.grad().toArray());
    }

    @Test
    void embeddingBackwardAccumulatesRepeatsAcrossThreadsForWideRows() {
        Generator gen = new Generator(7);
        int num = 6, width = 40000;
        Tensor w = Tensor.randn(gen, num, width).requiresGrad(true);
        IntTensor ids = IntTensor.of(new int[][] {{5, 1, 5}, {0, 5, 1}});
        Tensor out = F.embedding(ids, w);
        assertArrayEquals(new int[] {2, 3, width}, out.shape());
        assertEquals(w.get(5, 123), out.get(1, 1, 123));
        Tensor g = Tensor.randn(gen, 2, 3, width);
        out.backward(g);
        for (int c = 0; c < width; c += 997) {
            assertEquals(g.get(0, 0, c) + g.get(0, 2, c) + g.get(1, 1, c), w.grad().get(5, c), 1e-5);
            assertEquals(g.get(1, 0, c), w.grad().get(0, c), 0f);
            assertEquals(0f, w.grad().get(3, c));
        }
    }

    @Test
    void indexSelectBackwardOverManyOuterBlocks() {
        Generator gen = new Generator(3);
        Tensor x = Tensor.randn(gen, 3000, 5, 7).requiresGrad(true);
        IntTensor idx = IntTensor.of(4, 4, 0);
        Tensor out = x.indexSelect(1, idx);
        Tensor g = Tensor.randn(gen, 3000, 3, 7);
        out.backward(g);
        for (int o = 0; o < 3000; o += 131) {
            assertEquals(g.get(o, 0, 2) + g.get(o, 1, 2), x.grad().get(o, 4, 2), 1e-6);
            assertEquals(g.get(o, 2, 6), x.grad().get(o, 0, 6), 0f);
            assertEquals(0f, x.grad().get(o, 2, 3));
            assertEquals(x.get(o, 4, 1), out.get(o, 1, 1));
        }
    }

    @Test
    void gatherReadsStridedInputAndIgnoresNonDifferentiableIndex() {
        Tensor x = Tensor.arange(12f).reshape(3, 4).transpose(0, 1); // (4, 3)
        Tensor out = x.gather(1, IntTensor.of(new int[][] {{2}, {0}, {1}, {1}}));
        assertArrayEquals(new float[] {8, 1, 6, 7}, out.toArray());
        assertNull(out.gradFn());
    }

    @Test
    void oneHotIsFloatWithTheClassDimLast() {
        Tensor h = F.oneHot(IntTensor.of(new int[][] {{1, 0}}), 3);
        assertArrayEquals(new int[] {1, 2, 3}, h.shape());
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, h.toArray());
        assertEquals(4, F.oneHot(IntTensor.of(3, 1), -1).size(-1));
        assertThrows(IllegalArgumentException.class, () -> F.oneHot(IntTensor.of(new int[0]), -1));
    }
}
