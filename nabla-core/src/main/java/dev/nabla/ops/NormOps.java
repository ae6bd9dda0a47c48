package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.LayerNormKernel;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

import static dev.nabla.ops.NnSupport.dense;

/** Normalisation layers. */
public final class NormOps {
    private NormOps() {}

    /** Layer norm over the trailing dims normalizedShape; the fused kernel keeps mean and 1/std for the backward. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, float eps) {
        String op = "layerNorm";
        int[] xs = x.shape();
        int k = normalizedShape.length;
        if (k == 0)
            throw new IllegalArgumentException(op + ": normalizedShape must have at least one dim, got []");
        if (xs.length < k || !Arrays.equals(Arrays.copyOfRange(xs, xs.length - k, xs.length), normalizedShape))
            throw new IllegalArgumentException(op + ": normalizedShape " + Shape.str(normalizedShape)
                    + " does not match the trailing dims of the input's shape " + Shape.str(xs));
        for (Tensor p : new Tensor[] {weight, bias})
            if (p != null && !Arrays.equals(p.shape(), normalizedShape))
                throw new IllegalArgumentException(op + ": " + (p == weight ? "weight" : "bias") + " of shape " + Shape.str(p.shape())
                        + " must have the shape normalizedShape " + Shape.str(normalizedShape));
        int d = Shape.numel(normalizedShape);
        int m = Shape.numel(Arrays.copyOf(xs, xs.length - k));
        Tensor xc = dense(x), wc = weight == null ? null : dense(weight), bc = bias == null ? null : dense(bias);
        float[] mean = new float[m], rstd = new float[m];
        float[] out = LayerNormKernel.forward(xc.storage(), xc.storageOffset(), m, d, wc == null ? null : wc.storage(), wc == null ? 0 : wc.storageOffset(),
                bc == null ? null : bc.storage(), bc == null ? 0 : bc.storageOffset(), eps, mean, rstd);
        return Autograd.record(op, Tensor.wrap(out, xs), g -> {
            Tensor gc = dense(g);
            float[] dx = x.requiresGrad() ? LayerNormKernel.inputGradient(gc.storage(), gc.storageOffset(), xc.storage(), xc.storageOffset(),
                    m, d, mean, rstd, wc == null ? null : wc.storage(), wc == null ? 0 : wc.storageOffset()) : null;
            float[] dw = weight != null && weight.requiresGrad() ? new float[d] : null;
            float[] db = bias != null && bias.requiresGrad() ? new float[d] : null;
            LayerNormKernel.paramGradients(gc.storage(), gc.storageOffset(), xc.storage(), xc.storageOffset(), m, d, mean, rstd, dw, db);
            return new Tensor[] {
                    dx == null ? null : Tensor.wrap(dx, xs),
                    dw == null ? null : Tensor.wrap(dw, normalizedShape.clone()),
                    db == null ? null : Tensor.wrap(db, normalizedShape.clone())};
        }, x, weight, bias);
    }
}
