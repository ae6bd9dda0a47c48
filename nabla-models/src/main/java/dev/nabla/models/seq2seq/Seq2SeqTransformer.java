package dev.nabla.models.seq2seq;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.Init;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.SinusoidalPositionalEncoding;
import dev.nabla.nn.Transformer;
import dev.nabla.nn.TransformerDecoder;
import dev.nabla.nn.TransformerDecoderLayer;
import dev.nabla.nn.TransformerEncoderLayer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An encoder–decoder Transformer for token sequences, batch first: source and target embeddings scaled by
 * √d_model, sinusoidal positions, {@link Transformer} (post-norm, ReLU), and a Linear to target logits. Training
 * runs {@link #forward} on the whole shifted target with a causal mask; decoding runs {@link #encode} once and then
 * {@link #step} one token per hypothesis, the decoder's keys and values kept in a {@link TransformerDecoder.Cache}.
 */
public final class Seq2SeqTransformer extends Module {
    public record Config(int srcVocab, int tgtVocab, int dModel, int nhead, int encoderLayers, int decoderLayers, int ffn,
                         float dropout, int maxLen) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("src_vocab", srcVocab);
            m.put("tgt_vocab", tgtVocab);
            m.put("d_model", dModel);
            m.put("nhead", nhead);
            m.put("encoder_layers", encoderLayers);
            m.put("decoder_layers", decoderLayers);
            m.put("ffn", ffn);
            m.put("dropout", (double) dropout);
            m.put("max_len", maxLen);
            return m;
        }

        public static Config fromMap(Map<?, ?> m) {
            try {
                return new Config(i(m, "src_vocab"), i(m, "tgt_vocab"), i(m, "d_model"), i(m, "nhead"), i(m, "encoder_layers"),
                        i(m, "decoder_layers"), i(m, "ffn"), ((Number) m.get("dropout")).floatValue(), i(m, "max_len"));
            } catch (NullPointerException | ClassCastException e) {
                throw new IllegalArgumentException("Seq2SeqTransformer.Config: incomplete description " + m, e);
            }
        }

        private static int i(Map<?, ?> m, String k) {
            return ((Number) m.get(k)).intValue();
        }
    }

    public final Config config;
    public final Embedding srcEmbed, tgtEmbed;
    public final SinusoidalPositionalEncoding positions;
    public final Transformer transformer;
    public final Linear generator;
    private final float scale;

    public Seq2SeqTransformer(Config c, Generator g) {
        config = c;
        srcEmbed = registerModule("src_embed", new Embedding(c.srcVocab(), c.dModel(), Vocab.PAD, g));
        tgtEmbed = registerModule("tgt_embed", new Embedding(c.tgtVocab(), c.dModel(), Vocab.PAD, g));
        positions = registerModule("positions", new SinusoidalPositionalEncoding(c.dModel(), c.maxLen(), c.dropout(), true, g));
        transformer = registerModule("transformer", new Transformer(c.dModel(), c.nhead(), c.encoderLayers(), c.decoderLayers(),
                c.ffn(), c.dropout(), "relu", 1e-5f, true, false, g));
        generator = registerModule("generator", new Linear(c.dModel(), c.tgtVocab(), true, g));
        scale = (float) Math.sqrt(c.dModel());
        // N(0, 1/d) as the paper's shared embeddings, so that the scaled embeddings have unit variance like the
        // positional encodings; from nn.Embedding's N(0, 1) they would be √d times larger and drown the positions
        for (Embedding e : new Embedding[] {srcEmbed, tgtEmbed}) {
            Init.normal_(e.weight, 0f, 1f / scale, g);
            Init.constant_(e.weight.narrow(0, Vocab.PAD, 1), 0f);
        }
    }

    /** Embedded, scaled and position-encoded tokens (B, L) → (B, L, d), positions start, start+1, ... */
    private Tensor embed(Embedding e, IntTensor tokens, int start) {
        return positions.forward(e.forward(tokens).mul(scale), start);
    }

    /** The encoder's memory (B, S, d) of src (B, S); srcPad (B, S) nonzero at padding (may be null). */
    public Tensor encode(IntTensor src, IntTensor srcPad) {
        return transformer.encoder.forward(embed(srcEmbed, src, 0), null, srcPad);
    }

    /** Teacher-forced logits (B, T, tgtVocab) of tgtIn (B, T) = BOS + target, with a causal mask. */
    public Tensor forward(IntTensor src, IntTensor srcPad, IntTensor tgtIn, IntTensor tgtPad) {
        Tensor memory = encode(src, srcPad);
        return decode(tgtIn, tgtPad, memory, srcPad);
    }

    /** The decoder over the whole target prefix tgtIn (B, T) without a cache: logits (B, T, V). */
    public Tensor decode(IntTensor tgtIn, IntTensor tgtPad, Tensor memory, IntTensor srcPad) {
        int t = tgtIn.size(1);
        Tensor h = transformer.decoder.forward(embed(tgtEmbed, tgtIn, 0), memory, Transformer.generateSquareSubsequentMask(t), null, tgtPad, srcPad);
        return generator.forward(h);
    }

    /** A fresh cache for {@link #step}. */
    public TransformerDecoder.Cache newCache() {
        return transformer.decoder.newCache();
    }

    /**
     * One decoding step: the latest token of each hypothesis, tokens (B), after cache.length() earlier ones;
     * returns the logits (B, V) of the next token. memory (B, S, d) and srcPad (B, S) row for row with tokens.
     */
    public Tensor step(IntTensor tokens, Tensor memory, IntTensor srcPad, TransformerDecoder.Cache cache) {
        int b = tokens.size(0);
        Tensor h = transformer.decoder.forward(embed(tgtEmbed, tokens.reshape(b, 1), cache.length()), memory, srcPad, cache);
        return generator.forward(h.reshape(b, config.dModel()));
    }

    /** Which attention {@link #attentionWeights} reads. */
    public enum AttentionKind { ENCODER, DECODER, CROSS }

    /**
     * The attention weights (B, H, T, S) of one layer, every head, in eval mode: the encoder's self-attention over
     * the source (T = S = source length), the decoder's masked self-attention over tgtIn, or its cross-attention from
     * tgtIn's positions (rows) to the source (columns). The layers below are run as usual; the chosen sub-layer's
     * attention is called again on the same inputs with need_weights (the layers' forward does not return weights).
     */
    public Tensor attentionWeights(AttentionKind kind, int layer, IntTensor src, IntTensor srcPad, IntTensor tgtIn) {
        int layers = kind == AttentionKind.ENCODER ? config.encoderLayers() : config.decoderLayers();
        if (layer < 0 || layer >= layers)
            throw new IndexOutOfBoundsException("Seq2SeqTransformer.attentionWeights: layer " + layer + " out of range for " + layers + " " + kind + " layers");
        eval();
        try (var ignored = NoGrad.enter()) {
            Tensor x = embed(srcEmbed, src, 0);
            if (kind == AttentionKind.ENCODER) {
                for (int i = 0; i < layer; i++) x = transformer.encoder.layer(i).forward(x, null, srcPad);
                TransformerEncoderLayer l = transformer.encoder.layer(layer);
                Tensor in = l.normFirst ? l.norm1.forward(x) : x;
                return l.selfAttn.forward(in, in, in, srcPad, null, true, false).weights();
            }
            Tensor memory = encode(src, srcPad);
            int t = tgtIn.size(1);
            Tensor causal = Transformer.generateSquareSubsequentMask(t), y = embed(tgtEmbed, tgtIn, 0);
            for (int i = 0; i < layer; i++) y = transformer.decoder.layer(i).forward(y, memory, causal, null, null, srcPad);
            TransformerDecoderLayer l = transformer.decoder.layer(layer);
            Tensor in = l.normFirst ? l.norm1.forward(y) : y;
            var self = l.selfAttn.forward(in, in, in, null, causal, true, false);
            if (kind == AttentionKind.DECODER) return self.weights();
            Tensor x1 = l.normFirst ? y.add(self.output()) : l.norm1.forward(y.add(self.output()));
            Tensor q = l.normFirst ? l.norm2.forward(x1) : x1;
            return l.multiheadAttn.forward(q, memory, memory, srcPad, null, true, false).weights();
        }
    }
}
