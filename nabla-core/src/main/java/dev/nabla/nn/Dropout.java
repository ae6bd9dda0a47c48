package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** Inverted dropout while training, identity in eval mode, as torch.nn.Dropout (default p 0.5). */
public class Dropout extends Module {
    public final float p;
    private final Generator gen;

    public Dropout() {
        this(0.5f);
    }

    public Dropout(float p) {
        this(p, null);
    }

    /** gen null means the global generator at each call. */
    public Dropout(float p, Generator gen) {
        if (!(p >= 0f && p <= 1f))
            throw new IllegalArgumentException("Dropout: probability has to be between 0 and 1, got " + p);
        this.p = p;
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining(), gen);
    }

    @Override
    protected String extraRepr() {
        return "p=" + Repr.num(p) + ", inplace=False";
    }
}
