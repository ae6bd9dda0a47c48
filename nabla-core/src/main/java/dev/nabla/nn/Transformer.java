package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.function.UnaryOperator;

/**
 * An encoder-decoder Transformer as torch 1.13's torch.nn.Transformer: a {@link TransformerEncoder} and a
 * {@link TransformerDecoder}, each with a final LayerNorm, every parameter of two or more dims xavier-uniform
 * initialised; state dict names encoder.layers.0..., encoder.norm, decoder.layers.0..., decoder.norm. For step-by-step
 * generation run {@code encoder} once and {@code decoder} with a {@link TransformerDecoder.Cache}.
 */
public class Transformer extends Module {
    public final TransformerEncoder encoder;
    public final TransformerDecoder decoder;
    public final int dModel, nhead;
    public final boolean batchFirst;

    /** torch's defaults: d_model 512, 8 heads, 6 + 6 layers, dim_feedforward 2048, dropout 0.1, relu, post-norm. */
    public Transformer() {
        this(512, 8, 6, 6, 2048, 0.1f, "relu", 1e-5f, false, false, Generator.global());
    }

    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, int dimFeedforward, float dropout,
                       String activation, float layerNormEps, boolean batchFirst, boolean normFirst, Generator g) {
        this(dModel, nhead, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout, TransformerEncoderLayer.activation(activation),
                layerNormEps, batchFirst, normFirst, g);
    }

    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, int dimFeedforward, float dropout,
                       UnaryOperator<Tensor> activation, float layerNormEps, boolean batchFirst, boolean normFirst, Generator g) {
        this(new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps,
                        batchFirst, normFirst, g), numEncoderLayers, new LayerNorm(new int[] {dModel}, layerNormEps, true)),
                new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps,
                        batchFirst, normFirst, g), numDecoderLayers, new LayerNorm(new int[] {dModel}, layerNormEps, true)),
                dModel, nhead, batchFirst);
        for (Tensor p : parameters()) if (p.dim() > 1) Init.xavierUniform_(p, 1, g);
    }

    /** torch's custom_encoder and custom_decoder: used as they are, not re-initialised. */
    public Transformer(TransformerEncoder encoder, TransformerDecoder decoder, int dModel, int nhead, boolean batchFirst) {
        this.encoder = registerModule("encoder", encoder);
        this.decoder = registerModule("decoder", decoder);
        this.dModel = dModel;
        this.nhead = nhead;
        this.batchFirst = batchFirst;
    }

    public Tensor forward(Tensor src, Tensor tgt) {
        return forward(src, tgt, null, null, null, null, null, null);
    }

    /**
     * src (S, B, E), tgt (T, B, E) (batch first: (B, S, E), (B, T, E); unbatched: (S, E), (T, E)). Masks additive float:
     * srcMask (S, S), tgtMask (T, T), memoryMask (T, S) (or (B·H, ·, ·)); key padding masks (B, S) / (B, T) / (B, S),
     * nonzero = padding. Any mask may be null. Output as tgt.
     */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask, IntTensor srcKeyPaddingMask,
                          IntTensor tgtKeyPaddingMask, IntTensor memoryKeyPaddingMask) {
        boolean batched = src.dim() == 3;
        int bd = batchFirst ? 0 : 1;
        if (batched && (tgt.dim() != 3 || src.size(bd) != tgt.size(bd)))
            throw new IllegalArgumentException("Transformer: the batch number of src and tgt must be equal, got src "
                    + Shape.str(src.shape()) + " and tgt " + Shape.str(tgt.shape()) + " (batchFirst=" + batchFirst + ")");
        if (src.size(-1) != dModel || tgt.size(-1) != dModel)
            throw new IllegalArgumentException("Transformer: the feature number of src and tgt must be equal to dModel (" + dModel
                    + "), got src " + Shape.str(src.shape()) + " and tgt " + Shape.str(tgt.shape()));
        Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask);
        return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }

    /** The additive causal mask (sz, sz): 0 on and below the diagonal, -inf above, as torch's static method. */
    public static Tensor generateSquareSubsequentMask(int sz) {
        return MultiheadAttention.causalMask(sz, sz);
    }
}
