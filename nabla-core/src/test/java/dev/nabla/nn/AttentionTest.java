package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.nabla.nn.TensorAsserts.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the torch goldens cannot show: the key/value cache, dropout on the weights, init, masks' equivalences, errors. */
class AttentionTest {
    /** Decoding one token at a time with an appending cache gives the full causal forward's outputs. */
    @Test
    void cachedDecodingMatchesTheCausalForward() {
        for (boolean bf : new boolean[] {false, true}) {
            MultiheadAttention m = new MultiheadAttention(8, 2, 0f, bf, new Generator(1));
            int t = 6, b = 2;
            Tensor x = Tensor.randn(new Generator(2), bf ? new int[] {b, t, 8} : new int[] {t, b, 8});
            Tensor full = m.forward(x, x, x, null, MultiheadAttention.causalMask(t, t), false, true).output();
            KVCache cache = KVCache.appending();
            List<Tensor> steps = new ArrayList<>();
            for (int i = 0; i < t; i++) {
                Tensor xi = x.narrow(bf ? 1 : 0, i, 1);
                steps.add(m.forward(xi, xi, xi, null, null, false, true, cache).output());
            }
            assertEquals(t, cache.length());
            close("step by step, batchFirst=" + bf, full, Tensor.cat(steps, bf ? 1 : 0), 1e-5f);
            // a prompt of 4 then 2 more at once, masked causally against everything cached
            cache.clear();
            Tensor a = x.narrow(bf ? 1 : 0, 0, 4), c = x.narrow(bf ? 1 : 0, 4, 2);
            Tensor ya = m.forward(a, a, a, null, MultiheadAttention.causalMask(4, 4), false, true, cache).output();
            Tensor yc = m.forward(c, c, c, null, MultiheadAttention.causalMask(2, 6), false, true, cache).output();
            close("in chunks, batchFirst=" + bf, full, Tensor.cat(List.of(ya, yc), bf ? 1 : 0), 1e-5f);
        }
    }

    /** A fixed cache projects the memory once and gives the uncached cross-attention. */
    @Test
    void fixedCacheReusesTheMemory() {
        MultiheadAttention m = new MultiheadAttention(8, 4, 0f, true, false, false, 5, 3, true, new Generator(3));
        Tensor mem = Tensor.randn(new Generator(4), 2, 7, 5), val = Tensor.randn(new Generator(5), 2, 7, 3);
        Tensor q = Tensor.randn(new Generator(6), 2, 3, 8);
        Tensor want = m.forward(q, mem, val);
        KVCache cache = KVCache.fixed();
        for (int i = 0; i < 3; i++) {
            Tensor qi = q.narrow(1, i, 1);
            Tensor got = m.forward(qi, i == 0 ? mem : Tensor.zeros(2, 1, 5), i == 0 ? val : Tensor.zeros(2, 1, 3), null, null, false, true, cache).output();
            close("step " + i, want.narrow(1, i, 1), got, 1e-5f);
        }
        assertEquals(7, cache.length());
        assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(8, 2, 0f, true, true, false, 8, 8, false, new Generator(0))
                .forward(q.transpose(0, 1), q.transpose(0, 1), q.transpose(0, 1), null, null, false, true, KVCache.appending()));
    }

    /** Dropout on the weights: off at p 0 and in eval mode; at p > 0 each weight is dropped or scaled by 1/(1-p), about p dropped, seeded. */
    @Test
    void dropoutOnTheWeights() {
        Tensor q = Tensor.randn(new Generator(1), 4, 2, 30, 8), k = Tensor.randn(new Generator(2), 4, 2, 40, 8), v = Tensor.randn(new Generator(3), 4, 2, 40, 8);
        Attention plain = F.scaledDotProductAttentionWithWeights(q, k, v, null, null, 0f, false, null, null);
        float p = 0.25f;
        Attention d = F.scaledDotProductAttentionWithWeights(q, k, v, null, null, p, false, null, new Generator(9));
        float[] w0 = plain.weights().toArray(), w = d.weights().toArray();
        int dropped = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] == 0f) dropped++;
            else assertEquals(w0[i] / (1 - p), w[i], 1e-6f, "kept weight " + i);
        }
        double frac = dropped / (double) w.length; // 9600 weights: binomial std ≈ 0.0044
        assertEquals(p, frac, 0.025, "fraction dropped");
        close("output is the dropped weights times v", d.weights().matmul(v), d.output(), 1e-5f);
        close("same seed, same result", d.output(),
                F.scaledDotProductAttentionWithWeights(q, k, v, null, null, p, false, null, new Generator(9)).output(), 0f);

        MultiheadAttention m = new MultiheadAttention(8, 2, 0.5f, true, new Generator(1));
        MultiheadAttention m0 = new MultiheadAttention(8, 2, 0f, true, new Generator(1));
        Tensor x = Tensor.randn(new Generator(4), 2, 5, 8);
        m.eval();
        close("eval mode: no dropout", m0.forward(x), m.forward(x), 0f);
        m.train();
        float diff = m0.forward(x).sub(m.forward(x)).abs().sum().item();
        assertTrue(diff > 0, "training mode drops weights");
    }

    @Test
    void masksAgree() {
        Generator g = new Generator(5);
        Tensor q = Tensor.randn(g, 2, 4, 6), k = Tensor.randn(g, 2, 5, 6), v = Tensor.randn(g, 2, 5, 3);
        int[] keep = new int[4 * 5];
        for (int i = 0; i < keep.length; i++) keep[i] = (i * 7) % 3 == 0 ? 0 : 1;
        IntTensor km = IntTensor.wrap(keep, 4, 5);
        float[] add = new float[keep.length];
        for (int i = 0; i < keep.length; i++) add[i] = keep[i] == 0 ? Float.NEGATIVE_INFINITY : 0f;
        close("boolean mask = additive -inf mask", F.scaledDotProductAttention(q, k, v, km, 0f, false, null, null),
                F.scaledDotProductAttention(q, k, v, Tensor.wrap(add, 4, 5), 0f, false, null, null), 1e-6f);
        close("all-true mask = no mask", F.scaledDotProductAttention(q, k, v),
                F.scaledDotProductAttention(q, k, v, IntTensor.full(1, 4, 5), 0f, false, null, null), 1e-6f);
        close("default scale is 1/√E", F.scaledDotProductAttention(q, k, v),
                F.scaledDotProductAttention(q, k, v, (Tensor) null, 0f, false, (float) (1 / Math.sqrt(6)), null), 1e-6f);
        close("isCausal = the causal mask", F.scaledDotProductAttention(q, k, v, (Tensor) null, 0f, true, null, null),
                F.scaledDotProductAttention(q, k, v, MultiheadAttention.causalMask(4, 4).pad(new int[] {0, 1}, Float.NEGATIVE_INFINITY), 0f, false, null, null), 1e-6f);
    }

    /** Fully masked rows: zero weights, zero output, finite zero gradients. */
    /** Without weights or dropout, F runs the fused kernel: the same outputs and gradients as the composed path. */
    @Test
    void fusedPathMatchesTheComposedOne() {
        Generator g = new Generator(21);
        int[] keep = new int[2 * 7];
        for (int i = 0; i < keep.length; i++) keep[i] = i % 7 < (i < 7 ? 7 : 3) ? 1 : 0; // batch 1 sees 3 keys of 7
        IntTensor keepMask = IntTensor.wrap(keep, 2, 1, 1, 7);
        Tensor additive = Tensor.randn(g, 5, 7);
        for (boolean causal : new boolean[] {false, true}) {
            List<Tensor[]> grads = new ArrayList<>();
            List<Tensor> outs = new ArrayList<>();
            for (boolean fused : new boolean[] {true, false}) {
                Generator gi = new Generator(22);
                Tensor q = Tensor.randn(gi, 2, 3, 5, 8).requiresGrad(true), k = Tensor.randn(gi, 2, 3, 7, 8).requiresGrad(true),
                        v = Tensor.randn(gi, 2, 3, 7, 4).requiresGrad(true);
                Tensor o = fused ? F.scaledDotProductAttention(q, k, v, additive, keepMask, 0f, causal, null, null)
                        : F.scaledDotProductAttentionWithWeights(q, k, v, additive, keepMask, 0f, causal, null, null).output();
                o.mul(Tensor.randn(new Generator(23), 2, 3, 5, 4)).sum().backward();
                outs.add(o);
                grads.add(new Tensor[] {q.grad(), k.grad(), v.grad()});
            }
            close("output, causal " + causal, outs.get(1), outs.get(0), 1e-5f);
            for (int i = 0; i < 3; i++) close("gradient " + i + ", causal " + causal, grads.get(1)[i], grads.get(0)[i], 1e-5f);
        }
    }

    @Test
    void fullyMaskedRowsAreZero() {
        Generator g = new Generator(6);
        Tensor q = Tensor.randn(g, 3, 4).requiresGrad(true), k = Tensor.randn(g, 5, 4).requiresGrad(true), v = Tensor.randn(g, 5, 2).requiresGrad(true);
        IntTensor keep = IntTensor.wrap(new int[] {1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1}, 3, 5);
        Attention a = F.scaledDotProductAttentionWithWeights(q, k, v, null, keep, 0f, false, null, null);
        close("dead row weights", Tensor.zeros(5), a.weights().select(0, 1), 0f);
        close("dead row output", Tensor.zeros(2), a.output().select(0, 1), 0f);
        a.output().sum().add(a.weights().mul(Tensor.randn(g, 3, 5)).sum()).backward();
        close("no gradient from a dead row", Tensor.zeros(4), q.grad().select(0, 1), 0f);
        for (Tensor t : List.of(q.grad(), k.grad(), v.grad())) for (float x : t.toArray()) assertTrue(Float.isFinite(x));
    }

    @Test
    void initAsTorch() {
        MultiheadAttention m = new MultiheadAttention(16, 4, 0f, true, true, false, 16, 16, false, new Generator(7));
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "bias_k", "bias_v", "out_proj.weight", "out_proj.bias"), List.copyOf(m.stateDict().keySet()));
        float xavier = (float) Math.sqrt(6.0 / (16 + 48)), linear = 0.25f;
        for (float x : m.inProjWeight.toArray()) assertTrue(Math.abs(x) <= xavier);
        for (float x : m.outProj.weight.toArray()) assertTrue(Math.abs(x) <= linear);
        close("in_proj_bias", Tensor.zeros(48), m.inProjBias, 0f);
        close("out_proj.bias", Tensor.zeros(16), m.outProj.bias, 0f);
        assertTrue(m.biasK.abs().sum().item() > 0);
        MultiheadAttention same = new MultiheadAttention(16, 4, 0f, true, true, false, 16, 16, false, new Generator(7));
        m.stateDict().forEach((k, t) -> close(k + " from the same seed", t, same.stateDict().get(k), 0f));
        MultiheadAttention sep = new MultiheadAttention(6, 2, 0f, false, false, false, 3, 4, true, new Generator(7));
        assertEquals(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "out_proj.weight"), List.copyOf(sep.stateDict().keySet()));
        assertNull(sep.forward(Tensor.zeros(1, 2, 6), Tensor.zeros(1, 3, 3), Tensor.zeros(1, 3, 4), null, null, false, true).weights());
    }

    @Test
    void positionalEncodings() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(6, 20);
        assertEquals(List.of("pe"), List.copyOf(pe.stateDict().keySet()));
        for (int pos : new int[] {0, 3, 19})
            for (int c = 0; c < 6; c++) {
                double f = Math.pow(10000, -(c - c % 2) / 6.0);
                assertEquals(c % 2 == 0 ? Math.sin(pos * f) : Math.cos(pos * f), pe.pe.get(pos, 0, c), 2e-6, "pe[" + pos + ", " + c + "]");
            }
        Tensor x = Tensor.randn(new Generator(1), 7, 2, 6);
        close("positions from start 3", pe.forward(x).narrow(0, 3, 4), pe.forward(x.narrow(0, 3, 4), 3), 0f);
        assertThrows(IllegalArgumentException.class, () -> pe.forward(x, 14));
        assertThrows(IllegalArgumentException.class, () -> pe.forward(Tensor.zeros(3, 2, 5)));

        LearnedPositionalEncoding lp = new LearnedPositionalEncoding(6, 10, true, new Generator(2));
        assertEquals(List.of("embedding.weight"), List.copyOf(lp.stateDict().keySet()));
        Tensor xb = Tensor.randn(new Generator(3), 2, 4, 6);
        Tensor y = lp.forward(xb, 5);
        close("x + rows 5..8", xb.add(lp.embedding.weight.narrow(0, 5, 4)), y, 0f);
        y.sum().backward();
        close("gradient reaches the used rows only", Tensor.full(2f, 4, 6), lp.embedding.weight.grad().narrow(0, 5, 4), 0f);
        close("unused rows", Tensor.zeros(5, 6), lp.embedding.weight.grad().narrow(0, 0, 5), 0f);
    }

    @Test
    void badShapesNameTheProblem() {
        Tensor q = Tensor.zeros(2, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, Tensor.zeros(2, 5, 3), Tensor.zeros(2, 5, 4)));
        assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, Tensor.zeros(2, 5, 4), Tensor.zeros(2, 6, 4)));
        assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(Tensor.zeros(4), Tensor.zeros(2, 5, 4), Tensor.zeros(2, 5, 4)));
        assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, q, q, Tensor.zeros(3, 4), 0f, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, q, q, IntTensor.zeros(5, 3, 3), 0f, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, q, q, (Tensor) null, 1.5f, false, null, null));
        String msg = assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, Tensor.zeros(2, 5, 3), q)).getMessage();
        assertTrue(msg.contains("scaled_dot_product_attention") && msg.contains("[2, 5, 3]"), msg);

        assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3));
        MultiheadAttention m = new MultiheadAttention(8, 2);
        Tensor x = Tensor.zeros(3, 2, 8);
        assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(3, 2, 7)));
        assertThrows(IllegalArgumentException.class, () -> m.forward(x, Tensor.zeros(4, 3, 8), Tensor.zeros(4, 3, 8)));
        assertThrows(IllegalArgumentException.class, () -> m.forward(x, x, Tensor.zeros(4, 2, 8)));
        assertThrows(IllegalArgumentException.class, () -> m.forward(x, x, x, IntTensor.zeros(3, 2), null, false, true));
        assertThrows(IllegalArgumentException.class, () -> m.forward(x, x, x, null, Tensor.zeros(3, 4), false, true));
        assertThrows(IllegalArgumentException.class, () -> m.forward(x, x, x, null, Tensor.zeros(3, 3, 3), false, true));
        assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(2, 3, 2, 8)));
        assertThrows(IllegalArgumentException.class, () -> MultiheadAttention.causalMask(3, 2));
    }
}
