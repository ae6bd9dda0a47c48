package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's contract, as torch.autograd's: accumulation, freed graphs, no-grad scopes, detach, deep graphs, aliasing. */
class AutogradEngineTest {
    private static Tensor leaf(float... v) {
        return Tensor.of(v).requiresGrad(true);
    }

    @Test
    void gradientsAccumulateUntilZeroGrad() {
        Tensor x = leaf(1, 2, 3);
        x.mul(x).sum().backward();                     // d/dx x² = 2x
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().toArray());
        x.mul(3f).sum().backward();                    // + 3
        assertArrayEquals(new float[] {5, 7, 9}, x.grad().toArray());
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {3, 3, 3}, x.grad().toArray());
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2f);
        y.add(y).add(x).sum().backward();              // 2·2 + 1
        assertArrayEquals(new float[] {5, 5}, x.grad().toArray());
    }

    @Test
    void backwardTwiceThroughAFreedGraphThrows() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.mul(x).sum();
        loss.backward();
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        assertTrue(e.getMessage().contains("retain"), "the message should say how to retain the graph: " + e.getMessage());
        // a graph that shares freed nodes fails the same way
        Tensor x2 = leaf(1, 2);
        Tensor y = x2.mul(x2);
        y.sum().backward();
        assertThrows(IllegalStateException.class, () -> y.mul(2f).sum().backward());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = leaf(1, 2);
        Tensor loss = x.mul(x).sum();
        loss.backward(Tensor.scalar(1f), true);
        loss.backward(Tensor.scalar(1f), true);
        assertArrayEquals(new float[] {4, 8}, x.grad().toArray());
        loss.backward(Tensor.scalar(1f), false);       // the last one may free it
        assertArrayEquals(new float[] {6, 12}, x.grad().toArray());
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test
    void backwardOfANonScalarNeedsAGradient() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2f);
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("[3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(2)), "a gradient of the wrong shape");
        y.backward(Tensor.of(1, 10, 100));
        assertArrayEquals(new float[] {2, 20, 200}, x.grad().toArray());
        // a one-element tensor of any rank counts as a scalar, as in torch
        Tensor z = leaf(4).reshape(1, 1).mul(3f);
        z.backward();
        assertThrows(IllegalStateException.class, () -> Tensor.of(1, 2).sum().backward(), "nothing requires grad");
    }

    @Test
    void noGradRecordsNothingAndNests() {
        Tensor x = leaf(1, 2);
        assertTrue(GradMode.isEnabled());
        try (var outer = NoGrad.enter()) {
            assertFalse(GradMode.isEnabled());
            Tensor y = x.mul(2f);
            assertNull(y.gradFn());
            assertFalse(y.requiresGrad());
            try (var inner = NoGrad.enter()) {
                assertNull(x.add(x).gradFn());
            }
            assertFalse(GradMode.isEnabled(), "closing the inner scope keeps the outer one");
            outer.close();
            assertTrue(GradMode.isEnabled());
            outer.close(); // closing twice does not re-enable twice
            assertTrue(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled(), "a closed scope closed again by try-with-resources changes nothing");
        assertTrue(x.mul(2f).requiresGrad());
    }

    @Test
    void noGradIsPerThread() throws InterruptedException {
        AtomicReference<Boolean> other = new AtomicReference<>();
        try (var ignored = NoGrad.enter()) {
            Thread t = new Thread(() -> other.set(GradMode.isEnabled()));
            t.start();
            t.join();
        }
        assertTrue(other.get(), "another thread still records");
    }

    @Test
    void detachLeavesTheGraphButSharesStorage() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(3f);
        Tensor d = y.detach();
        assertNull(d.gradFn());
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertSame(y.storage(), d.storage());
        // gradient stops at the detached branch
        y.add(d.mul(x)).sum().backward();              // d(3x + d·x)/dx = 3 + d = 3 + 3x
        assertArrayEquals(new float[] {6, 9}, x.grad().toArray());
    }

    @Test
    void requiresGradPropagates() {
        Tensor a = leaf(1, 2), b = Tensor.of(3, 4);
        assertTrue(a.requiresGrad() && a.isLeaf());
        assertFalse(b.requiresGrad());
        Tensor c = a.add(b);
        assertTrue(c.requiresGrad());
        assertFalse(c.isLeaf());
        assertEquals("add", c.gradFn().name());
        Tensor d = b.mul(b);
        assertFalse(d.requiresGrad());
        assertNull(d.gradFn());
        assertTrue(b.mul(c).requiresGrad(), "through a non-leaf");
        assertThrows(IllegalStateException.class, () -> c.requiresGrad(false), "a non-leaf cannot stop requiring grad");
        c.sum().backward();
        assertNull(b.grad(), "an input that does not require grad gets no gradient");
        a.requiresGrad(false);
        assertFalse(a.add(b).requiresGrad());
    }

    @Test
    void deepChainDoesNotOverflowTheStack() throws Throwable {
        // 200,000 recorded ops; backward runs on a thread with a small stack, so any recursion over the depth would fail
        int depth = 200_000;
        Tensor x = leaf(1.5f);
        Tensor y = x;
        for (int i = 0; i < depth; i++) y = (i % 2 == 0) ? y.add(1f) : y.mul(-1f);
        Tensor loss = y.sum();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                loss.backward();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (failure.get() != null) throw failure.get();
        assertArrayEquals(new float[] {1f}, x.grad().toArray(), "(-1)^100000 = 1");
    }

    @Test
    void wideGraphIsOrderedCorrectly() {
        // a diamond repeated: each level uses the previous one twice, so a wrong order would miss contributions
        Tensor x = leaf(1f);
        Tensor y = x;
        for (int i = 0; i < 10; i++) y = y.add(y.mul(1f));
        y.sum().backward();
        assertArrayEquals(new float[] {1024f}, x.grad().toArray());
    }

    @Test
    void retainGradKeepsANonLeafGradient() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2f).retainGrad();
        Tensor z = y.mul(y);
        z.sum().backward(Tensor.scalar(1f), true);
        assertArrayEquals(new float[] {4, 8, 12}, y.grad().toArray()); // 2y
        assertArrayEquals(new float[] {8, 16, 24}, x.grad().toArray());
        z.sum().backward();
        assertArrayEquals(new float[] {8, 16, 24}, y.grad().toArray(), "retained gradients accumulate too");
        Tensor w = x.mul(2f);
        w.sum().backward();
        assertNull(w.grad(), "without retainGrad a non-leaf keeps no gradient");
        assertSame(x, x.retainGrad(), "retainGrad on a leaf changes nothing");
    }

    @Test
    void gradientsNeverAliasAnotherTensorsStorage() {
        Tensor a = leaf(1, 2), b = leaf(3, 4);
        Tensor s = a.add(b).retainGrad();                // add passes the upstream gradient through to both inputs
        Tensor upstream = Tensor.of(1, 1);
        s.backward(upstream);
        List<Tensor> all = List.of(a, b, s, upstream);
        List<Tensor> grads = List.of(a.grad(), b.grad(), s.grad());
        assertDistinctStorage(all, grads);

        Tensor x = leaf(1, 2, 3, 4);
        Tensor v = x.reshape(2, 2).transpose(0, 1);      // views: their backward returns views of the upstream gradient
        Tensor g = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        v.backward(g);
        assertDistinctStorage(List.of(x, v, g), List.of(x.grad()));
        assertArrayEquals(new float[] {1, 3, 2, 4}, x.grad().toArray());

        Tensor leafOnly = leaf(5, 6);                    // backward straight from a leaf
        Tensor seed = Tensor.of(1, 2);
        leafOnly.backward(seed);
        assertNotSame(seed.storage(), leafOnly.grad().storage());
        seed.storage()[0] = 100;
        assertEquals(1f, leafOnly.grad().get(0), "changing the seed afterwards must not change the gradient");

        float[] before = a.grad().storage();
        a.add(b).sum().backward();                       // accumulation makes a fresh tensor too
        assertDistinctStorage(List.of(a, b), List.of(a.grad(), b.grad()));
        assertNotSame(before, a.grad().storage());
    }

    private static void assertDistinctStorage(List<Tensor> tensors, List<Tensor> grads) {
        IdentityHashMap<float[], Tensor> owner = new IdentityHashMap<>();
        for (Tensor t : tensors) owner.put(t.storage(), t);
        List<float[]> seen = new ArrayList<>();
        for (Tensor g : grads) {
            assertFalse(owner.containsKey(g.storage()), "a gradient shares storage with " + owner.get(g.storage()));
            for (float[] s : seen) assertNotSame(s, g.storage(), "two gradients share storage");
            seen.add(g.storage());
            assertFalse(g.requiresGrad(), "gradients are outside the graph");
        }
    }
}
