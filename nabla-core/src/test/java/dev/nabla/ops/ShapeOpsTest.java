package dev.nabla.ops;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeOpsTest {
    private static Tensor range(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return Tensor.wrap(v, shape);
    }

    @Test
    void narrowSliceSelectAreViewsOfTheSameStorage() {
        Tensor x = range(4, 5);
        Tensor n = x.narrow(1, 1, 3), s = x.slice(0, 1, 4, 2), c = x.select(1, 2);
        for (Tensor t : new Tensor[] {n, s, c}) assertSame(x.storage(), t.storage());
        assertArrayEquals(new float[] {1, 2, 3, 6, 7, 8, 11, 12, 13, 16, 17, 18}, n.toArray());
        assertArrayEquals(new float[] {5, 6, 7, 8, 9, 15, 16, 17, 18, 19}, s.toArray());
        assertArrayEquals(new int[] {2, 5}, s.shape());
        assertArrayEquals(new float[] {2, 7, 12, 17}, c.toArray());
        for (Tensor t : x.split(2, 1)) assertSame(x.storage(), t.storage());
    }

    @Test
    void sliceClampsExtremeBoundsLikePython() {
        Tensor x = range(6);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, x.slice(0, Integer.MIN_VALUE, Integer.MAX_VALUE, 1).toArray());
        assertArrayEquals(new float[] {1, 4}, x.slice(0, 1, Integer.MAX_VALUE, 3).toArray());
        assertArrayEquals(new float[] {5}, x.slice(0, -1, Integer.MAX_VALUE, Integer.MAX_VALUE).toArray());
        assertEquals(0, x.slice(0, 4, 2, 1).numel());
        assertThrows(IllegalArgumentException.class, () -> x.slice(0, 0, 6, -1));
    }

    @Test
    void gradientsOfUnusedPiecesStayZeroAndPiecesAccumulate() {
        Tensor x = range(5, 2).requiresGrad(true);
        List<Tensor> parts = x.chunk(3, 0); // 2, 2, 1
        assertEquals(3, parts.size());
        parts.get(0).sum().add(parts.get(2).mul(3f).sum()).add(x.select(0, 0).sum()).backward();
        assertArrayEquals(new float[] {2, 2, 1, 1, 0, 0, 0, 0, 3, 3}, x.grad().toArray());
    }

    @Test
    void catCopiesAndSendsEachInputItsPartOfTheGradient() {
        Tensor a = range(2, 3).requiresGrad(true), b = range(2, 1);
        Tensor out = Tensor.cat(List.of(a, b, a.transpose(0, 1).t()), 1);
        assertArrayEquals(new int[] {2, 7}, out.shape());
        assertArrayEquals(new float[] {0, 1, 2, 0, 0, 1, 2, 3, 4, 5, 1, 3, 4, 5}, out.toArray());
        out.backward(range(2, 7));
        assertArrayEquals(new float[] {0 + 4, 1 + 5, 2 + 6, 7 + 11, 8 + 12, 9 + 13}, a.grad().toArray());
        assertNull(b.grad());
    }

    @Test
    void catOfLargeStridedInputsMatchesElementwiseCopy() {
        Tensor a = Tensor.randn(300, 257).transpose(0, 1), b = Tensor.randn(257, 100);
        Tensor out = Tensor.cat(List.of(a, b), 1);
        for (int i = 0; i < 257; i += 17)
            for (int j = 0; j < 400; j += 13)
                assertEquals(j < 300 ? a.get(i, j) : b.get(i, j - 300), out.get(i, j));
    }

    @Test
    void stackAddsADim() {
        Tensor a = range(2, 3), b = range(2, 3).add(10f);
        Tensor s = Tensor.stack(List.of(a, b), 2);
        assertArrayEquals(new int[] {2, 3, 2}, s.shape());
        assertEquals(11f, s.get(0, 1, 1));
        assertEquals(1f, s.get(0, 1, 0));
    }

    @Test
    void padBackwardReadsTheInteriorOfAStridedGradient() {
        Tensor x = range(2, 3).requiresGrad(true);
        Tensor p = x.pad(new int[] {1, -1, 0, 2}, 9f);
        assertArrayEquals(new int[] {4, 3}, p.shape());
        assertArrayEquals(new float[] {9, 0, 1, 9, 3, 4, 9, 9, 9, 9, 9, 9}, p.toArray());
        p.backward(range(3, 4).transpose(0, 1));
        // interior of g^T: rows 0..1, cols 1..2 -> g[1..2][0..1] transposed
        assertArrayEquals(new float[] {4, 8, 0, 5, 9, 0}, x.grad().toArray());
    }

    @Test
    void errorsNameTheOpAndTheProblem() {
        Tensor x = range(3, 4);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> x.select(1, 4));
        assertTrue(e.getMessage().contains("select") && e.getMessage().contains("4") && e.getMessage().contains("dim 1"), e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(x, range(2, 3)), 0));
        assertTrue(c.getMessage().contains("cat") && c.getMessage().contains("[2, 3]"), c.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.narrow(0, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> x.split(new int[] {1, 1}, 0));
        assertThrows(IllegalArgumentException.class, () -> x.chunk(0, 0));
        assertThrows(IllegalArgumentException.class, () -> x.pad(new int[] {1}, 0f));
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1f).select(0, 0));
    }
}
