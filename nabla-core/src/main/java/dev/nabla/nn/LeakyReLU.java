package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** max(0, x) + negativeSlope·min(0, x), as torch.nn.LeakyReLU (default slope 0.01). */
public class LeakyReLU extends Module {
    public final float negativeSlope;

    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.leakyRelu(negativeSlope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + Repr.num(negativeSlope);
    }
}
