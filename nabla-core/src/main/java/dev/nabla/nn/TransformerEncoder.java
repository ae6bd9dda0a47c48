package dev.nabla.nn;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/**
 * numLayers copies of an encoder layer applied in turn, then an optional final norm, as torch 1.13's
 * torch.nn.TransformerEncoder (state dict names layers.0..., norm). torch's enable_nested_tensor and mask_check only
 * select its inference fast path (which zeroes the outputs at padded positions); nabla always computes them.
 */
public class TransformerEncoder extends Module {
    public final ModuleList layers = registerModule("layers", new ModuleList());
    public final int numLayers;
    /** null where absent. */
    public final Module norm;

    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers) {
        this(encoderLayer, numLayers, null);
    }

    /** Each layer is a copy of encoderLayer (with its weights), as torch's _get_clones. norm may be null. */
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, Module norm) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerEncoder: numLayers must be positive, got " + numLayers);
        for (int i = 0; i < numLayers; i++) layers.add(encoderLayer.copy());
        this.numLayers = numLayers;
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    public TransformerEncoderLayer layer(int i) {
        return (TransformerEncoderLayer) layers.get(i);
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /** mask: additive float (S, S) or (B·H, S, S); srcKeyPaddingMask (B, S), nonzero = padding. */
    public Tensor forward(Tensor src, Tensor mask, IntTensor srcKeyPaddingMask) {
        Tensor x = src;
        for (int i = 0; i < numLayers; i++) x = layer(i).forward(x, mask, srcKeyPaddingMask);
        return norm == null ? x : norm.forward(x);
    }
}
