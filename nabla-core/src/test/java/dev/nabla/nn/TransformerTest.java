package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.nabla.nn.TensorAsserts.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the torch goldens cannot show: incremental decoding with the cache, beam reordering, layer copies, errors. */
class TransformerTest {
    private static TransformerDecoder decoder(boolean batchFirst, boolean normFirst, int seed) {
        var layer = new TransformerDecoderLayer(8, 2, 16, 0f, "gelu", 1e-5f, batchFirst, normFirst, new Generator(seed));
        return new TransformerDecoder(layer, 2, new LayerNorm(8));
    }

    private static Tensor randn(int seed, boolean batchFirst, int t, int b, int e) {
        return Tensor.randn(new Generator(seed), batchFirst ? new int[] {b, t, e} : new int[] {t, b, e});
    }

    /** One token at a time, and in chunks, with the cache gives the full forward with a causal tgt mask. */
    @Test
    void cachedDecodingMatchesTheCausalForward() {
        for (boolean bf : new boolean[] {false, true})
            for (boolean nf : new boolean[] {false, true}) {
                String what = "batchFirst=" + bf + ", normFirst=" + nf;
                TransformerDecoder dec = decoder(bf, nf, 1);
                int t = 5, s = 4, b = 3, td = bf ? 1 : 0;
                Tensor tgt = randn(2, bf, t, b, 8), mem = randn(3, bf, s, b, 8);
                IntTensor pad = IntTensor.of(new int[][] {{0, 0, 0, 1}, {0, 0, 0, 0}, {0, 1, 1, 1}});
                Tensor full = dec.forward(tgt, mem, Transformer.generateSquareSubsequentMask(t), null, null, pad);
                try (var ignored = NoGrad.enter()) {
                    TransformerDecoder.Cache cache = dec.newCache();
                    List<Tensor> steps = new ArrayList<>();
                    for (int i = 0; i < t; i++) steps.add(dec.forward(tgt.narrow(td, i, 1), mem, pad, cache));
                    assertEquals(t, cache.length());
                    close("step by step, " + what, full, Tensor.cat(steps, td), 1e-5f);
                    cache = dec.newCache();
                    Tensor a = dec.forward(tgt.narrow(td, 0, 3), mem, pad, cache), c = dec.forward(tgt.narrow(td, 3, 2), mem, pad, cache);
                    close("in chunks, " + what, full, Tensor.cat(List.of(a, c), td), 1e-5f);
                }
            }
    }

    /** After reorder(rows) the cache decodes as if the batch had been those rows from the start (beam search). */
    @Test
    void reorderSelectsBatchRows() {
        TransformerDecoder dec = decoder(true, false, 4);
        Tensor tgt = randn(5, true, 4, 3, 8), mem = randn(6, true, 5, 3, 8);
        IntTensor rows = IntTensor.of(2, 2, 0);
        Tensor want = dec.forward(tgt.indexSelect(0, rows), mem.indexSelect(0, rows), Transformer.generateSquareSubsequentMask(4), null, null, null);
        try (var ignored = NoGrad.enter()) {
            TransformerDecoder.Cache cache = dec.newCache();
            dec.forward(tgt.narrow(1, 0, 2), mem, cache);
            cache.reorder(rows);
            Tensor got = dec.forward(tgt.indexSelect(0, rows).narrow(1, 2, 2), mem.indexSelect(0, rows), cache);
            close("after reorder", want.narrow(1, 2, 2), got, 1e-5f);
        }
    }

    /** The stacks hold independent copies of the layer, with its weights, as torch's deepcopy. */
    @Test
    void stacksCopyTheLayer() {
        var layer = new TransformerEncoderLayer(8, 2, 16, 0f, "relu", 1e-5f, false, false, new Generator(7));
        var enc = new TransformerEncoder(layer, 2);
        close("copied weights", layer.linear1.weight, enc.layer(1).linear1.weight, 0f);
        try (var ignored = NoGrad.enter()) {
            enc.layer(0).linear1.weight.mul_(2f);
        }
        close("independent copies", layer.linear1.weight, enc.layer(1).linear1.weight, 0f);
        assertNotEquals(enc.layer(0).linear1.weight.get(0, 0), enc.layer(1).linear1.weight.get(0, 0));
        assertTrue(enc.stateDict().containsKey("layers.1.self_attn.in_proj_weight"));
        assertEquals(2 * layer.stateDict().size(), enc.stateDict().size());
    }

    @Test
    void badInput() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new TransformerEncoderLayer(8, 2, 16, 0f, "tanh", 1e-5f, false, false, new Generator(0)));
        assertTrue(e.getMessage().contains("relu/gelu"), e.getMessage());
        var tr = new Transformer(8, 2, 1, 1, 16, 0f, "relu", 1e-5f, false, false, new Generator(0));
        e = assertThrows(IllegalArgumentException.class, () -> tr.forward(Tensor.zeros(4, 2, 8), Tensor.zeros(3, 3, 8)));
        assertTrue(e.getMessage().contains("batch number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tr.forward(Tensor.zeros(4, 2, 8), Tensor.zeros(3, 2, 6)));
        assertTrue(e.getMessage().contains("dModel"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(new TransformerEncoderLayer(8, 2), 0));
    }

    /** Dropout acts in training mode only; eval() reaches every layer's dropouts. */
    @Test
    void dropoutOnlyWhileTraining() {
        var tr = new Transformer(8, 2, 1, 1, 16, 0.5f, "relu", 1e-5f, true, true, new Generator(8));
        Tensor src = Tensor.randn(new Generator(9), 2, 3, 8), tgt = Tensor.randn(new Generator(10), 2, 4, 8);
        Tensor a = tr.forward(src, tgt), b = tr.forward(src, tgt);
        assertNotEquals(a.get(0, 0, 0), b.get(0, 0, 0));
        tr.eval();
        close("eval is deterministic", tr.forward(src, tgt), tr.forward(src, tgt), 0f);
    }
}
