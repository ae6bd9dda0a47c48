package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Normalises over the trailing dims normalizedShape, with weight (1s) and bias (0s) of that shape when elementwiseAffine, as torch.nn.LayerNorm. */
public class LayerNorm extends Module {
    public final int[] normalizedShape;
    public final float eps;
    public final boolean elementwiseAffine;
    public final Tensor weight, bias;

    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5f, true);
    }

    public LayerNorm(int[] normalizedShape, float eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0)
            throw new IllegalArgumentException("LayerNorm: normalizedShape must have at least one dim, got []");
        for (int d : normalizedShape)
            if (d < 0) throw new IllegalArgumentException("LayerNorm: normalizedShape must be non-negative, got " + java.util.Arrays.toString(normalizedShape));
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        weight = registerParameter("weight", elementwiseAffine ? Tensor.ones(normalizedShape) : null);
        bias = registerParameter("bias", elementwiseAffine ? Tensor.zeros(normalizedShape) : null);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return Repr.tuple(normalizedShape) + ", eps=" + Repr.num(eps) + ", elementwise_affine=" + Repr.bool(elementwiseAffine);
    }
}
