package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.util.function.UnaryOperator;

/**
 * Self-attention and a feed-forward block, each with a residual connection and a LayerNorm, as torch 1.13's
 * torch.nn.TransformerEncoderLayer: same constructor arguments, submodule and parameter names (self_attn, linear1,
 * dropout, linear2, norm1, norm2, dropout1, dropout2), so a torch state dict loads as it is. Post-norm by default
 * (x = norm1(x + sa(x)); x = norm2(x + ff(x))); with normFirst pre-norm (x = x + sa(norm1(x)); x = x + ff(norm2(x))).
 * Inputs (T, B, E), (B, T, E) with batchFirst, or unbatched (T, E). srcMask: additive float (T, T) or (B·H, T, T)
 * ({@link MultiheadAttention#additiveMask} converts torch's boolean form); srcKeyPaddingMask (B, T): nonzero = padding.
 * The activation ("relu", "gelu" or a function) is not a submodule, as in torch when given as a string or function.
 */
public class TransformerEncoderLayer extends Module {
    public final int dModel, nhead, dimFeedforward;
    public final float dropoutP, layerNormEps;
    public final boolean batchFirst, normFirst;
    public final MultiheadAttention selfAttn;
    public final Linear linear1, linear2;
    public final Dropout dropout, dropout1, dropout2;
    public final LayerNorm norm1, norm2;
    private final UnaryOperator<Tensor> activation;
    private final Generator gen;

    /** torch's defaults: dim_feedforward 2048, dropout 0.1, relu, layer_norm_eps 1e-5, sequence first, post-norm. */
    public TransformerEncoderLayer(int dModel, int nhead) {
        this(dModel, nhead, 2048, 0.1f, "relu", 1e-5f, false, false, Generator.global());
    }

    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, float dropout, String activation,
                                   float layerNormEps, boolean batchFirst, boolean normFirst, Generator g) {
        this(dModel, nhead, dimFeedforward, dropout, activation(activation), layerNormEps, batchFirst, normFirst, g);
    }

    /** g initialises the weights (as torch's defaults for each submodule) and draws the dropout masks. */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, float dropout, UnaryOperator<Tensor> activation,
                                   float layerNormEps, boolean batchFirst, boolean normFirst, Generator g) {
        if (dimFeedforward <= 0)
            throw new IllegalArgumentException("TransformerEncoderLayer: dimFeedforward must be positive, got " + dimFeedforward);
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
        linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward, true, g));
        this.dropout = registerModule("dropout", new Dropout(dropout, g));
        linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel, true, g));
        norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true));
        dropout1 = registerModule("dropout1", new Dropout(dropout, g));
        dropout2 = registerModule("dropout2", new Dropout(dropout, g));
    }

    /** torch's _get_activation_fn: "relu" or "gelu" (exact). */
    static UnaryOperator<Tensor> activation(String name) {
        return switch (name) {
            case "relu" -> Tensor::relu;
            case "gelu" -> Tensor::gelu;
            default -> throw new IllegalArgumentException("Transformer: activation should be relu/gelu, not " + name);
        };
    }

    /** A new layer with the same configuration and copies of this one's weights (torch's deepcopy in _get_clones). */
    public TransformerEncoderLayer copy() {
        var c = new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation, layerNormEps, batchFirst, normFirst, gen);
        c.loadStateDict(stateDict(), true);
        c.train(isTraining());
        return c;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    public Tensor forward(Tensor src, Tensor srcMask, IntTensor srcKeyPaddingMask) {
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttention(norm1.forward(x), srcMask, srcKeyPaddingMask));
            return x.add(feedForward(norm2.forward(x)));
        }
        x = norm1.forward(x.add(selfAttention(x, srcMask, srcKeyPaddingMask)));
        return norm2.forward(x.add(feedForward(x)));
    }

    private Tensor selfAttention(Tensor x, Tensor mask, IntTensor keyPaddingMask) {
        return dropout1.forward(selfAttn.forward(x, x, x, keyPaddingMask, mask, false, true).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout2.forward(linear2.forward(dropout.forward(activation.apply(linear1.forward(x)))));
    }
}
