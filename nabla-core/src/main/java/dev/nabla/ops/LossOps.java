package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.CrossEntropyKernel;
import dev.nabla.kernel.LossKernel;
import dev.nabla.nn.Reduction;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

import static dev.nabla.autograd.Autograd.unbroadcast;
import static dev.nabla.ops.NnSupport.Upstream;
import static dev.nabla.ops.NnSupport.dense;
import static dev.nabla.ops.NnSupport.reduce;
import static dev.nabla.ops.NnSupport.requireSameShape;

/** Losses, each one fused kernel forward and one backward. */
public final class LossOps {
    private LossOps() {}

    // ---------------------------------------------------------------- class-index targets

    /** Input (C) with a 0-d target, or (N, C, d1, ...) with target (N, d1, ...): seen as (n, c, s). */
    private record ClassLayout(int n, int c, int s, int[] lossShape) {
        static ClassLayout of(String op, Tensor input, IntTensor target) {
            int[] is = input.shape(), ts = target.shape();
            if (is.length == 0)
                throw new IllegalArgumentException(op + ": input must have at least one dim (classes), got a 0-d tensor");
            int[] want = new int[is.length - 1];
            if (is.length > 1) {
                want[0] = is[0];
                System.arraycopy(is, 2, want, 1, is.length - 2);
            }
            if (!Arrays.equals(ts, want))
                throw new IllegalArgumentException(op + ": input of shape " + Shape.str(is) + " expects a target of shape "
                        + Shape.str(want) + ", got " + Shape.str(ts));
            if (is.length == 1) return new ClassLayout(1, is[0], 1, want);
            int s = 1;
            for (int i = 2; i < is.length; i++) s *= is[i];
            return new ClassLayout(is[0], is[1], s, want);
        }
    }

    /** Checks every target lies in [0, c) or is the ignore index; returns how many are not ignored. */
    private static int checkTargets(String op, int[] t, int c, int ignoreIndex) {
        int kept = 0;
        for (int v : t) {
            if (v == ignoreIndex) continue;
            if (v < 0 || v >= c)
                throw new IndexOutOfBoundsException(op + ": target " + v + " is out of bounds for " + c + " classes");
            kept++;
        }
        return kept;
    }

    /** Log-softmax over dim 1 and NLL in one pass; the mean divides by the number of targets not ignored. */
    public static Tensor crossEntropy(Tensor logits, IntTensor target, Reduction reduction, int ignoreIndex, float labelSmoothing) {
        String op = "crossEntropy";
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
            throw new IllegalArgumentException(op + ": labelSmoothing must be between 0 and 1, got " + labelSmoothing);
        ClassLayout l = ClassLayout.of(op, logits, target);
        int[] t = target.storage();
        int kept = checkTargets(op, t, l.c, ignoreIndex);
        Tensor x = dense(logits);
        int q = l.n * l.s;
        float[] loss = new float[q], lse = new float[q];
        CrossEntropyKernel.forward(x.storage(), x.storageOffset(), l.n, l.c, l.s, t, ignoreIndex, labelSmoothing, loss, lse);
        return Autograd.recordFresh(op, reduce(loss, l.lossShape, reduction, kept), g -> {
            Upstream u = Upstream.of(g, reduction, kept);
            float[] dx = new float[x.numel()];
            CrossEntropyKernel.backward(x.storage(), x.storageOffset(), l.n, l.c, l.s, t, ignoreIndex, labelSmoothing, lse, u.w(), u.scalar(), dx);
            return new Tensor[] {Tensor.wrap(dx, logits.shape())};
        }, logits);
    }

    /** −logProbs[target] per position; the mean divides by the number of targets not ignored. */
    public static Tensor nllLoss(Tensor logProbs, IntTensor target, Reduction reduction, int ignoreIndex) {
        String op = "nllLoss";
        ClassLayout l = ClassLayout.of(op, logProbs, target);
        int[] t = target.storage();
        int kept = checkTargets(op, t, l.c, ignoreIndex);
        Tensor x = dense(logProbs);
        float[] loss = new float[l.n * l.s];
        CrossEntropyKernel.nllForward(x.storage(), x.storageOffset(), l.n, l.c, l.s, t, ignoreIndex, loss);
        return Autograd.record(op, reduce(loss, l.lossShape, reduction, kept), g -> {
            Upstream u = Upstream.of(g, reduction, kept);
            float[] dx = new float[x.numel()];
            CrossEntropyKernel.nllBackward(l.n, l.c, l.s, t, ignoreIndex, u.w(), u.scalar(), dx);
            return new Tensor[] {Tensor.wrap(dx, logProbs.shape())};
        }, logProbs);
    }

    // ---------------------------------------------------------------- elementwise losses

    /** An elementwise loss of input and target broadcast together (or required to match when sameShape). */
    private static Tensor pairLoss(String op, LossKernel.Kind kind, Tensor input, Tensor target, Reduction r, boolean sameShape) {
        int[] shape;
        if (sameShape) {
            requireSameShape(op, "target", input, target);
            shape = input.shape();
        } else shape = Shape.broadcast(op, input.shape(), target.shape());
        float[] x = input.detach().expand(shape).toArray(), y = target.detach().expand(shape).toArray();
        int n = x.length;
        if (kind == LossKernel.Kind.BCE)
            for (float v : x)
                if (!(v >= 0f && v <= 1f))
                    throw new IllegalArgumentException(op + ": all elements of the input should be between 0 and 1, got " + v);
        float[] loss = new float[n];
        LossKernel.forward(kind, x, y, n, loss);
        return Autograd.record(op, reduce(loss, shape, r, n), g -> {
            Upstream u = Upstream.of(g, r, n);
            float[] dx = input.requiresGrad() ? new float[n] : null, dy = target.requiresGrad() ? new float[n] : null;
            LossKernel.backward(kind, x, y, n, u.w(), u.scalar(), dx, dy);
            return new Tensor[] {
                    dx == null ? null : unbroadcast(Tensor.wrap(dx, shape), input.shape()),
                    dy == null ? null : unbroadcast(Tensor.wrap(dy, shape), target.shape())};
        }, input, target);
    }

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return pairLoss("mseLoss", LossKernel.Kind.MSE, input, target, reduction, false);
    }

    /** Gradient sign(input − target), 0 where they are equal. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return pairLoss("l1Loss", LossKernel.Kind.L1, input, target, reduction, false);
    }

    /** probs must lie in [0, 1]; the logs are clamped at −100 as PyTorch. */
    public static Tensor binaryCrossEntropy(Tensor probs, Tensor target, Reduction reduction) {
        return pairLoss("binaryCrossEntropy", LossKernel.Kind.BCE, probs, target, reduction, true);
    }

    /** The stable form (1 − y)·x + (1 + (pw − 1)·y)·softplus(−x); posWeight (may be null) broadcasts against the target. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor posWeight, Reduction reduction) {
        String op = "binaryCrossEntropyWithLogits";
        requireSameShape(op, "target", logits, target);
        int[] shape = logits.shape();
        if (posWeight != null && !Arrays.equals(Shape.broadcast(op, posWeight.shape(), shape), shape))
            throw new IllegalArgumentException(op + ": posWeight of shape " + Shape.str(posWeight.shape())
                    + " does not broadcast to the input's shape " + Shape.str(shape));
        float[] x = logits.detach().toArray(), y = target.detach().toArray();
        float[] pw = posWeight == null ? null : posWeight.detach().expand(shape).toArray();
        int n = x.length;
        float[] loss = new float[n];
        LossKernel.bceLogitsForward(x, y, pw, n, loss);
        return Autograd.record(op, reduce(loss, shape, reduction, n), g -> {
            Upstream u = Upstream.of(g, reduction, n);
            float[] dx = logits.requiresGrad() ? new float[n] : null, dy = target.requiresGrad() ? new float[n] : null;
            float[] dpw = posWeight != null && posWeight.requiresGrad() ? new float[n] : null;
            LossKernel.bceLogitsBackward(x, y, pw, n, u.w(), u.scalar(), dx, dy, dpw);
            return new Tensor[] {
                    dx == null ? null : Tensor.wrap(dx, shape),
                    dy == null ? null : Tensor.wrap(dy, shape),
                    dpw == null ? null : unbroadcast(Tensor.wrap(dpw, shape), posWeight.shape())};
        }, logits, target, posWeight);
    }
}
