package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** Inverted dropout: the kept elements are scaled by 1/(1-p) in training, so evaluation is the identity. */
public final class DropoutOp {
    private DropoutOp() {}

    /** The mask is drawn from gen (the global generator when null), one number per element in row-major order. */
    public static Tensor dropout(Tensor x, float p, boolean training, Generator gen) {
        if (!(p >= 0f && p <= 1f))
            throw new IllegalArgumentException("dropout: probability has to be between 0 and 1, got " + p);
        if (!training || p == 0f) return x;
        float[] mask = new float[x.numel()];
        if (p < 1f) {
            Generator g = gen == null ? Generator.global() : gen;
            float scale = 1f / (1f - p);
            for (int i = 0; i < mask.length; i++) mask[i] = g.nextFloat() < p ? 0f : scale;
        }
        Tensor m = Tensor.wrap(mask, x.shape());
        Tensor out = x.detach().mul(m);
        return Autograd.record("dropout", out, g -> new Tensor[] {g.mul(m)}, x);
    }
}
