package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.FlashAttention;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

import static dev.nabla.ops.NnSupport.dense;

/**
 * Scaled dot-product attention in one fused kernel ({@link FlashAttention}): softmax(scale·q·kᵀ + mask)·v without the
 * T×S score matrix, in the forward or the backward.
 */
public final class FusedAttention {
    private FusedAttention() {}

    /**
     * q (B,H,T,D), k (B,H,S,D), v (B,H,S,Dv) → (B,H,T,Dv). {@code additiveMaskOrNull} is added to the scores and must
     * broadcast to (B,H,T,S), e.g. a key-padding mask (B,1,1,S) holding -inf; it gets no gradient. {@code causal} hides
     * keys s > t from query t. A query whose keys are all masked gets output 0 and zero gradient (PyTorch's composition
     * gives NaN there).
     */
    public static Tensor apply(Tensor q, Tensor k, Tensor v, Tensor additiveMaskOrNull, boolean causal, float scale) {
        return apply(q, k, v, additiveMaskOrNull, causal, scale, null);
    }

    /** As above, with dropout of the attention weights (null: none); see {@link FlashAttention.Dropout}. */
    public static Tensor apply(Tensor q, Tensor k, Tensor v, Tensor additiveMaskOrNull, boolean causal, float scale,
                               FlashAttention.Dropout dropout) {
        String op = "fusedAttention";
        int[] qs = q.shape(), ks = k.shape(), vs = v.shape();
        if (qs.length != 4 || ks.length != 4 || vs.length != 4)
            throw new IllegalArgumentException(op + ": q, k and v must be 4-d (B,H,T,D), (B,H,S,D), (B,H,S,Dv), got q "
                    + Shape.str(qs) + ", k " + Shape.str(ks) + ", v " + Shape.str(vs));
        if (ks[0] != qs[0] || ks[1] != qs[1] || ks[3] != qs[3] || vs[0] != qs[0] || vs[1] != qs[1] || vs[2] != ks[2])
            throw new IllegalArgumentException(op + ": shapes q " + Shape.str(qs) + ", k " + Shape.str(ks) + ", v " + Shape.str(vs)
                    + " do not match: expected q (B,H,T,D), k (B,H,S,D), v (B,H,S,Dv)");
        var n = new FlashAttention.Dims(qs[0], qs[1], qs[2], ks[2], qs[3], vs[3]);
        FlashAttention.Mask mask = null;
        if (additiveMaskOrNull != null) {
            int[] full = {n.b(), n.h(), n.t(), n.s()}, ms = additiveMaskOrNull.shape();
            if (ms.length > 4 || !Arrays.equals(Shape.broadcast(op, ms, full), full))
                throw new IllegalArgumentException(op + ": mask of shape " + Shape.str(ms) + " does not broadcast to the scores' shape "
                        + Shape.str(full) + " (B,H,T,S)");
            int[] st = Shape.broadcastStrides(ms, additiveMaskOrNull.strides(), full);
            Tensor m = additiveMaskOrNull.detach();
            mask = new FlashAttention.Mask(m.storage(), m.storageOffset(), st[0], st[1], st[2], st[3]);
        }
        Tensor qc = dense(q), kc = dense(k), vc = dense(v);
        float[] out = new float[n.b() * n.h() * n.t() * n.dv()], lse = new float[n.b() * n.h() * n.t()];
        FlashAttention.forward(n, qc.storage(), qc.storageOffset(), kc.storage(), kc.storageOffset(), vc.storage(), vc.storageOffset(),
                mask, causal, scale, dropout, out, lse);
        FlashAttention.Mask fm = mask;
        return Autograd.record(op, Tensor.wrap(out, n.b(), n.h(), n.t(), n.dv()), g -> {
            Tensor gc = dense(g);
            float[] dq = q.requiresGrad() ? new float[q.numel()] : null, dk = k.requiresGrad() ? new float[k.numel()] : null,
                    dv = v.requiresGrad() ? new float[v.numel()] : null;
            FlashAttention.backward(n, qc.storage(), qc.storageOffset(), kc.storage(), kc.storageOffset(), vc.storage(), vc.storageOffset(),
                    fm, causal, scale, dropout, gc.storage(), gc.storageOffset(), out, lse, dq, dk, dv);
            return new Tensor[] {
                    dq == null ? null : Tensor.wrap(dq, qs.clone()),
                    dk == null ? null : Tensor.wrap(dk, ks.clone()),
                    dv == null ? null : Tensor.wrap(dv, vs.clone())};
        }, q, k, v);
    }
}
