package dev.nabla.nn;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * numLayers copies of a decoder layer applied in turn, then an optional final norm, as torch 1.13's
 * torch.nn.TransformerDecoder (state dict names layers.0..., norm).
 *
 * <p>Incremental decoding (greedy or beam search): one cache per decoding run, the new target positions at each step.
 * <pre>{@code
 * TransformerDecoder.Cache cache = decoder.newCache();
 * Tensor out = decoder.forward(tgtStep, memory, cache);           // tgtStep (1, B, E) or (B, 1, E) with batchFirst
 * cache.reorder(IntTensor.of(beamRows));                           // beam search: keep these batch rows
 * }</pre>
 * Self-attention appends each step's keys and values and is causal; cross-attention projects the memory once. The
 * outputs equal those of the full forward with a causal tgtMask ({@link Transformer#generateSquareSubsequentMask}).
 * Run it under {@code NoGrad} when decoding (the cache keeps what it appended, graph included).
 */
public class TransformerDecoder extends Module {
    public final ModuleList layers = registerModule("layers", new ModuleList());
    public final int numLayers;
    /** null where absent. */
    public final Module norm;

    /** One {@link TransformerDecoderLayer.Cache} per layer. */
    public static final class Cache {
        private final List<TransformerDecoderLayer.Cache> layers;

        private Cache(List<TransformerDecoderLayer.Cache> layers) {
            this.layers = layers;
        }

        public TransformerDecoderLayer.Cache layer(int i) {
            return layers.get(i);
        }

        /** The number of target positions decoded so far. */
        public int length() {
            return layers.getFirst().length();
        }

        /** Keeps the batch rows {@code rows} (new batch i = old row rows[i]) in every layer, as beam search reorders. */
        public void reorder(IntTensor rows) {
            for (TransformerDecoderLayer.Cache c : layers) c.reorder(rows);
        }
    }

    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers) {
        this(decoderLayer, numLayers, null);
    }

    /** Each layer is a copy of decoderLayer (with its weights), as torch's _get_clones. norm may be null. */
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, Module norm) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerDecoder: numLayers must be positive, got " + numLayers);
        for (int i = 0; i < numLayers; i++) layers.add(decoderLayer.copy());
        this.numLayers = numLayers;
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    public TransformerDecoderLayer layer(int i) {
        return (TransformerDecoderLayer) layers.get(i);
    }

    public Cache newCache() {
        List<TransformerDecoderLayer.Cache> cs = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) cs.add(layer(i).newCache());
        return new Cache(cs);
    }

    public Tensor forward(Tensor tgt, Tensor memory) {
        return forward(tgt, memory, null, null, null, null);
    }

    /** Masks as {@link TransformerDecoderLayer}'s; any may be null. */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, IntTensor tgtKeyPaddingMask,
                          IntTensor memoryKeyPaddingMask) {
        Tensor x = tgt;
        for (int i = 0; i < numLayers; i++) x = layer(i).forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
        return norm == null ? x : norm.forward(x);
    }

    /** One decoding step on the new target positions tgt; see the class comment. */
    public Tensor forward(Tensor tgt, Tensor memory, Cache cache) {
        return forward(tgt, memory, null, cache);
    }

    /** One decoding step, with the memory's key padding mask (B, S) (nonzero = padding; may be null). */
    public Tensor forward(Tensor tgt, Tensor memory, IntTensor memoryKeyPaddingMask, Cache cache) {
        if (cache.layers.size() != numLayers)
            throw new IllegalArgumentException("TransformerDecoder: the cache has " + cache.layers.size() + " layers, the decoder " + numLayers);
        Tensor x = tgt;
        for (int i = 0; i < numLayers; i++) x = layer(i).forward(x, memory, memoryKeyPaddingMask, cache.layer(i));
        return norm == null ? x : norm.forward(x);
    }
}
