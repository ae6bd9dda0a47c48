package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.util.function.UnaryOperator;

/**
 * Self-attention, cross-attention over the encoder's memory and a feed-forward block, each with a residual connection
 * and a LayerNorm, as torch 1.13's torch.nn.TransformerDecoderLayer: same constructor arguments, submodule and
 * parameter names (self_attn, multihead_attn, linear1, dropout, linear2, norm1..3, dropout1..3), post-norm or, with
 * normFirst, pre-norm. tgt (T, B, E) and memory (S, B, E), or batch first, or unbatched; tgtMask (T, T) and memoryMask
 * (T, S) additive float (or (B·H, ·, ·)); key padding masks (B, T) / (B, S), nonzero = padding.
 *
 * <p>Incremental decoding: {@code Cache cache = layer.newCache()}, then {@code layer.forward(step, memory, null, cache)}
 * with the new target positions only; self-attention appends their keys and values to the cache and is causal (each
 * position sees the cached ones and itself), cross-attention projects the memory once on the first call. The outputs
 * equal the full forward's with a causal tgtMask. {@link TransformerDecoder} keeps one such cache per layer.
 */
public class TransformerDecoderLayer extends Module {
    public final int dModel, nhead, dimFeedforward;
    public final float dropoutP, layerNormEps;
    public final boolean batchFirst, normFirst;
    public final MultiheadAttention selfAttn, multiheadAttn;
    public final Linear linear1, linear2;
    public final Dropout dropout, dropout1, dropout2, dropout3;
    public final LayerNorm norm1, norm2, norm3;
    private final UnaryOperator<Tensor> activation;
    private final Generator gen;

    /** The keys and values one layer keeps between decoding steps: appending for self-, fixed for cross-attention. */
    public static final class Cache {
        KVCache self = KVCache.appending(), cross = KVCache.fixed();

        /** The number of target positions decoded so far. */
        public int length() {
            return self.length();
        }

        /** Keeps the batch rows {@code rows} (new batch i = old row rows[i]), as beam search reorders its hypotheses. */
        public void reorder(IntTensor rows) {
            self = select(self, KVCache.appending(), rows);
            cross = select(cross, KVCache.fixed(), rows);
        }

        private static KVCache select(KVCache from, KVCache to, IntTensor rows) {
            if (from.length() > 0) to.append(from.keys().indexSelect(0, rows), from.values().indexSelect(0, rows));
            return to;
        }
    }

    /** torch's defaults: dim_feedforward 2048, dropout 0.1, relu, layer_norm_eps 1e-5, sequence first, post-norm. */
    public TransformerDecoderLayer(int dModel, int nhead) {
        this(dModel, nhead, 2048, 0.1f, "relu", 1e-5f, false, false, Generator.global());
    }

    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, float dropout, String activation,
                                   float layerNormEps, boolean batchFirst, boolean normFirst, Generator g) {
        this(dModel, nhead, dimFeedforward, dropout, TransformerEncoderLayer.activation(activation), layerNormEps, batchFirst, normFirst, g);
    }

    /** g initialises the weights (as torch's defaults for each submodule) and draws the dropout masks. */
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, float dropout, UnaryOperator<Tensor> activation,
                                   float layerNormEps, boolean batchFirst, boolean normFirst, Generator g) {
        if (dimFeedforward <= 0)
            throw new IllegalArgumentException("TransformerDecoderLayer: dimFeedforward must be positive, got " + dimFeedforward);
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.layerNormEps = layerNormEps;
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        this.activation = activation;
        this.gen = g;
        selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, dropout, batchFirst, g));
        multiheadAttn = registerModule("multihead_attn", new MultiheadAttention(dModel, nhead, dropout, batchFirst, g));
        linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward, true, g));
        this.dropout = registerModule("dropout", new Dropout(dropout, g));
        linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel, true, g));
        norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        norm3 = registerModule("norm3", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        dropout1 = registerModule("dropout1", new Dropout(dropout, g));
        dropout2 = registerModule("dropout2", new Dropout(dropout, g));
        dropout3 = registerModule("dropout3", new Dropout(dropout, g));
    }

    /** A new layer with the same configuration and copies of this one's weights (torch's deepcopy in _get_clones). */
    public TransformerDecoderLayer copy() {
        var c = new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation, layerNormEps, batchFirst, normFirst, gen);
        c.loadStateDict(stateDict(), true);
        c.train(isTraining());
        return c;
    }

    public Cache newCache() {
        return new Cache();
    }

    public Tensor forward(Tensor tgt, Tensor memory) {
        return forward(tgt, memory, null, null, null, null);
    }

    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, IntTensor tgtKeyPaddingMask,
                          IntTensor memoryKeyPaddingMask) {
        return forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, null, null);
    }

    /** One decoding step: tgt holds only the new positions; see the class comment. memoryKeyPaddingMask may be null. */
    public Tensor forward(Tensor tgt, Tensor memory, IntTensor memoryKeyPaddingMask, Cache cache) {
        int t = tgt.size(tgt.dim() == 3 && batchFirst ? 1 : 0);
        Tensor causal = t > 1 ? MultiheadAttention.causalMask(t, cache.length() + t) : null;
        return forward(tgt, memory, causal, null, null, memoryKeyPaddingMask, cache.self, cache.cross);
    }

    private Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, IntTensor tgtKeyPaddingMask,
                           IntTensor memoryKeyPaddingMask, KVCache self, KVCache cross) {
        Tensor x = tgt;
        if (normFirst) {
            x = x.add(selfAttention(norm1.forward(x), tgtMask, tgtKeyPaddingMask, self));
            x = x.add(crossAttention(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask, cross));
            return x.add(feedForward(norm3.forward(x)));
        }
        x = norm1.forward(x.add(selfAttention(x, tgtMask, tgtKeyPaddingMask, self)));
        x = norm2.forward(x.add(crossAttention(x, memory, memoryMask, memoryKeyPaddingMask, cross)));
        return norm3.forward(x.add(feedForward(x)));
    }

    private Tensor selfAttention(Tensor x, Tensor mask, IntTensor keyPaddingMask, KVCache cache) {
        return dropout1.forward(selfAttn.forward(x, x, x, keyPaddingMask, mask, false, true, cache).output());
    }

    private Tensor crossAttention(Tensor x, Tensor mem, Tensor mask, IntTensor keyPaddingMask, KVCache cache) {
        return dropout2.forward(multiheadAttn.forward(x, mem, mem, keyPaddingMask, mask, false, true, cache).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout3.forward(linear2.forward(dropout.forward(activation.apply(linear1.forward(x)))));
    }
}
