package dev.nabla.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** add_(float) and mul_(float) on whole tensors and on strided views of a larger storage. */
class InPlaceScalarOpsTest {
    @Test
    void addAndMulAScalarInPlace() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertSame(t, t.add_(-1f).mul_(0.5f));
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, t.toArray());
    }

    @Test
    void aStridedViewChangesOnlyItsOwnElements() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        t.select(1, 1).add_(10f).mul_(2f); // the middle column
        assertArrayEquals(new float[] {1, 24, 3, 4, 30, 6}, t.toArray());
    }

    @Test
    void aTensorThatRequiresGradIsRefused() {
        Tensor t = Tensor.zeros(3).requiresGrad(true);
        var e = assertThrows(IllegalStateException.class, () -> t.add_(1f));
        assertTrue(e.getMessage().startsWith("add_: a tensor that requires grad"), e.getMessage());
    }
}
