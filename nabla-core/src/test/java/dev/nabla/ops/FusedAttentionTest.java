package dev.nabla.ops;

import dev.nabla.autograd.GradCheck;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused kernel against the plain composition softmax(scale·q·kᵀ + mask)·v in Tensor ops: output and the three
 * gradients, across tile edges (the kernel's tiles: 64 queries × 256 keys forward, 64 × 64 backward), causal, masks, T ≠ S and D = 1, 16, 64.
 */
class FusedAttentionTest {
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    /** q, k, v (leaves that require grad), the upstream gradient and the mask (or null) of one case. */
    private record Case(Tensor q, Tensor k, Tensor v, Tensor g, Tensor mask, boolean causal, float scale) {
        static Case random(long seed, int b, int h, int t, int s, int d, int dv, Tensor mask, boolean causal) {
            Generator gen = new Generator(seed);
            return new Case(Tensor.randn(gen, b, h, t, d).requiresGrad(true), Tensor.randn(gen, b, h, s, d).requiresGrad(true),
                    Tensor.randn(gen, b, h, s, dv).requiresGrad(true), Tensor.randn(gen, b, h, t, dv), mask, causal,
                    (float) (1 / Math.sqrt(d)));
        }

        /** out, dq, dk, dv of the fused op on fresh copies of the leaves. */
        float[][] fused() {
            Tensor[] x = leaves();
            Tensor out = FusedAttention.apply(x[0], x[1], x[2], mask, causal, scale);
            out.backward(g);
            return new float[][] {out.toArray(), x[0].grad().toArray(), x[1].grad().toArray(), x[2].grad().toArray()};
        }

        float[][] composed() {
            Tensor[] x = leaves();
            Tensor out = reference(x[0], x[1], x[2], mask, causal, scale);
            out.backward(g);
            return new float[][] {out.toArray(), x[0].grad().toArray(), x[1].grad().toArray(), x[2].grad().toArray()};
        }

        private Tensor[] leaves() {
            return new Tensor[] {q.detach().contiguousCopy().requiresGrad(true), k.detach().contiguousCopy().requiresGrad(true),
                    v.detach().contiguousCopy().requiresGrad(true)};
        }
    }

    static Tensor reference(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, float scale) {
        Tensor s = q.matmul(k.transpose(2, 3)).mul(scale);
        if (mask != null) s = s.add(mask);
        if (causal) s = s.add(causalMask(q.shape()[2], k.shape()[2]));
        return s.softmax(-1).matmul(v);
    }

    static Tensor causalMask(int t, int s) {
        float[] m = new float[t * s];
        for (int i = 0; i < t; i++) for (int j = i + 1; j < s; j++) m[i * s + j] = NEG_INF;
        return Tensor.of(m, t, s);
    }

    private static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++)
            assertTrue(Math.abs(want[i] - got[i]) <= 2e-5f + 2e-4f * Math.abs(want[i]),
                    what + "[" + i + "]: expected " + want[i] + ", got " + got[i]);
    }

    private static void assertMatchesComposition(Case c) {
        float[][] want = c.composed(), got = c.fused();
        String[] names = {"out", "dq", "dk", "dv"};
        for (int i = 0; i < 4; i++) assertClose(want[i], got[i], names[i]);
    }

    @Test
    void matchesCompositionAcrossSizes() {
        assertMatchesComposition(Case.random(1, 2, 3, 5, 7, 1, 1, null, false));          // D = 1
        assertMatchesComposition(Case.random(2, 1, 2, 70, 130, 16, 16, null, false));     // T ≠ S, partial tiles
        assertMatchesComposition(Case.random(3, 2, 1, 129, 67, 64, 64, null, false));
        assertMatchesComposition(Case.random(4, 1, 2, 33, 33, 16, 5, null, false));       // Dv ≠ D
        assertMatchesComposition(Case.random(19, 1, 1, 20, 600, 16, 16, null, false));    // several forward key tiles
    }

    @Test
    void causalMatchesComposition() {
        assertMatchesComposition(Case.random(5, 2, 2, 67, 67, 64, 64, null, true));
        assertMatchesComposition(Case.random(6, 1, 2, 130, 70, 16, 16, null, true));      // T > S
        assertMatchesComposition(Case.random(7, 1, 2, 70, 150, 16, 16, null, true));      // T < S
        assertMatchesComposition(Case.random(8, 1, 1, 9, 9, 1, 3, null, true));
        assertMatchesComposition(Case.random(20, 1, 1, 300, 300, 16, 16, null, true));
    }

    @Test
    void additiveMasksMatchComposition() {
        int b = 2, h = 2, t = 70, s = 75;
        float[] pad = new float[b * s]; // key padding (B,1,1,S): the last keys of batch 1 hidden
        for (int j = 60; j < s; j++) pad[s + j] = NEG_INF;
        assertMatchesComposition(Case.random(9, b, h, t, s, 16, 16, Tensor.of(pad, b, 1, 1, s), false));
        assertMatchesComposition(Case.random(10, b, h, t, s, 16, 16, Tensor.of(pad, b, 1, 1, s), true));
        Tensor bias = Tensor.randn(new Generator(11), t, s); // (T,S), broadcast over batch and heads
        assertMatchesComposition(Case.random(12, b, h, t, s, 16, 16, bias, false));
        Tensor perHead = Tensor.randn(new Generator(13), 1, h, t, s).transpose(2, 3).contiguous().transpose(2, 3); // strided
        assertMatchesComposition(Case.random(14, b, h, t, s, 64, 64, perHead, true));
    }

    @Test
    void dropoutMatchesCompositionWithTheSameMask() {
        for (boolean causal : new boolean[] {false, true}) {
            Case c = Case.random(21, 2, 2, 70, 80, 16, 16, null, causal);
            var drop = new dev.nabla.kernel.FlashAttention.Dropout(0.3f, 1234L);
            int b = 2, h = 2, t = 70, s = 80;
            float[] z = new float[b * h * t * s]; // the kernel's mask, 1/(1-p) where kept
            int kept = 0;
            for (int bh = 0; bh < b * h; bh++)
                for (int i = 0; i < t; i++)
                    for (int j = 0; j < s; j++)
                        if (drop.keeps(bh, i, j, t, s)) {
                            z[(bh * t + i) * s + j] = 1f / 0.7f;
                            kept++;
                        }
            assertEquals(0.7, kept / (double) z.length, 0.01, "share kept");
            Tensor zt = Tensor.of(z, b, h, t, s);
            Tensor[] x = {c.q().detach().requiresGrad(true), c.k().detach().requiresGrad(true), c.v().detach().requiresGrad(true)};
            Tensor sc = x[0].matmul(x[1].transpose(2, 3)).mul(c.scale());
            if (causal) sc = sc.add(causalMask(t, s));
            Tensor want = sc.softmax(-1).mul(zt).matmul(x[2]);
            want.backward(c.g());
            Tensor[] y = {c.q().detach().requiresGrad(true), c.k().detach().requiresGrad(true), c.v().detach().requiresGrad(true)};
            Tensor got = FusedAttention.apply(y[0], y[1], y[2], null, causal, c.scale(), drop);
            got.backward(c.g());
            assertClose(want.toArray(), got.toArray(), "out");
            String[] names = {"dq", "dk", "dv"};
            for (int i = 0; i < 3; i++) assertClose(x[i].grad().toArray(), y[i].grad().toArray(), names[i]);
        }
    }

    @Test
    void nonContiguousInputs() {
        Generator gen = new Generator(15);
        int b = 2, h = 3, t = 20, d = 8; // (B,T,H,D) viewed as (B,H,T,D), as multi-head attention splits heads
        Tensor q = Tensor.randn(gen, b, t, h, d).transpose(1, 2), k = Tensor.randn(gen, b, t, h, d).transpose(1, 2);
        Tensor v = Tensor.randn(gen, b, t, h, d).transpose(1, 2);
        assertClose(reference(q, k, v, null, true, 0.3f).toArray(), FusedAttention.apply(q, k, v, null, true, 0.3f).toArray(), "out");
    }

    @Test
    void fullyMaskedRowGivesZeroOutputAndGradient() {
        int b = 1, h = 2, t = 10, s = 12, d = 16;
        float[] m = new float[t * s];
        for (int j = 0; j < s; j++) m[(t - 1) * s + j] = NEG_INF; // the last query sees nothing
        for (int j = 0; j < s; j += 2) m[3 * s + j] = NEG_INF;    // another sees half
        Case c = Case.random(16, b, h, t, s, d, d, Tensor.of(m, t, s), false);
        float[][] got = c.fused();
        // the composition without the last query (it would give NaN there)
        Tensor[] x = {c.q.detach().narrow(2, 0, t - 1).contiguous().requiresGrad(true), c.k.detach().contiguousCopy().requiresGrad(true),
                c.v.detach().contiguousCopy().requiresGrad(true)};
        Tensor out = reference(x[0], x[1], x[2], Tensor.of(m, t, s).narrow(0, 0, t - 1), false, c.scale);
        out.backward(c.g.narrow(2, 0, t - 1));
        for (int hh = 0; hh < h; hh++) {
            for (int i = 0; i < d; i++) {
                assertEquals(0f, got[0][(hh * t + t - 1) * d + i], "out of the fully masked row");
                assertEquals(0f, got[1][(hh * t + t - 1) * d + i], "dq of the fully masked row");
            }
        }
        float[] wantOut = out.toArray(), wantDq = x[0].grad().toArray();
        for (int hh = 0; hh < h; hh++)
            for (int i = 0; i < (t - 1) * d; i++) {
                assertEquals(wantOut[hh * (t - 1) * d + i], got[0][hh * t * d + i], 2e-5f, "out");
                assertEquals(wantDq[hh * (t - 1) * d + i], got[1][hh * t * d + i], 2e-5f, "dq");
            }
        assertClose(x[1].grad().toArray(), got[2], "dk");
        assertClose(x[2].grad().toArray(), got[3], "dv");
    }

    @Test
    void repeatRunIsBitIdentical() {
        Case c = Case.random(17, 2, 4, 150, 150, 64, 64, null, true);
        float[][] a = c.fused(), b = c.fused();
        for (int i = 0; i < 4; i++) assertArrayEquals(a[i], b[i]);
    }

    @Test
    void onlyTheInputsThatRequireGradGetOne() {
        Case c = Case.random(21, 1, 2, 40, 30, 8, 8, null, true);
        float[][] all = c.fused();
        Tensor q = c.q.detach().contiguousCopy().requiresGrad(true), k = c.k.detach(), v = c.v.detach();
        FusedAttention.apply(q, k, v, null, true, c.scale).backward(c.g);
        assertArrayEquals(all[1], q.grad().toArray());
        assertEquals(null, k.grad());
        Tensor v2 = c.v.detach().contiguousCopy().requiresGrad(true);
        FusedAttention.apply(c.q.detach(), k, v2, null, true, c.scale).backward(c.g);
        assertArrayEquals(all[3], v2.grad().toArray());
    }

    @Test
    void gradCheck() {
        Generator gen = new Generator(18);
        Tensor q = Tensor.randn(gen, 1, 2, 3, 4).requiresGrad(true), k = Tensor.randn(gen, 1, 2, 5, 4).requiresGrad(true);
        Tensor v = Tensor.randn(gen, 1, 2, 5, 3).requiresGrad(true), mask = Tensor.randn(gen, 1, 1, 3, 5);
        GradCheck.check(x -> FusedAttention.apply(x[0], x[1], x[2], mask, true, 0.5f), q, k, v).assertOk();
        GradCheck.check(x -> FusedAttention.apply(x[0], x[1], x[2], null, false, 0.5f), q, k, v).assertOk();
    }

    @Test
    void badShapesNameTheOp() {
        Tensor q = Tensor.zeros(1, 2, 3, 4), k = Tensor.zeros(1, 2, 5, 4), v = Tensor.zeros(1, 2, 5, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> FusedAttention.apply(q, Tensor.zeros(1, 2, 5, 6), v, null, false, 1f));
        assertTrue(e.getMessage().startsWith("fusedAttention") && e.getMessage().contains("[1, 2, 5, 6]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FusedAttention.apply(q, k, Tensor.zeros(1, 2, 4, 3), null, false, 1f));
        assertThrows(IllegalArgumentException.class, () -> FusedAttention.apply(Tensor.zeros(2, 3, 4), k, v, null, false, 1f));
        e = assertThrows(IllegalArgumentException.class, () -> FusedAttention.apply(q, k, v, Tensor.zeros(3, 6), false, 1f));
        assertTrue(e.getMessage().startsWith("fusedAttention") && e.getMessage().contains("[3, 6]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FusedAttention.apply(q, k, v, Tensor.zeros(2, 2, 3, 5), false, 1f));
    }
}
