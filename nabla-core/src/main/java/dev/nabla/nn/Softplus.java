package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** log(1 + exp(beta·x)) / beta, linear above threshold, as torch.nn.Softplus (beta 1, threshold 20). */
public class Softplus extends Module {
    public final float beta, threshold;

    public Softplus() {
        this(1f, 20f);
    }

    public Softplus(float beta, float threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.softplus(beta, threshold);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + pyNumber(beta) + ", threshold=" + pyNumber(threshold);
    }

    /** torch's defaults are Python ints, so whole values print without ".0". */
    private static String pyNumber(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Integer.toString((int) v) : Repr.num(v);
    }
}
