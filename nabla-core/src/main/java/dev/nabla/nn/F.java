package dev.nabla.nn;

import dev.nabla.kernel.FlashAttention;
import dev.nabla.ops.AdaptivePoolOps;
import dev.nabla.ops.BatchNormOps;
import dev.nabla.ops.ConvOps;
import dev.nabla.ops.DropoutOp;
import dev.nabla.ops.EmbeddingOps;
import dev.nabla.ops.FusedAttention;
import dev.nabla.ops.IndexOps;
import dev.nabla.ops.LossOps;
import dev.nabla.ops.NormOps;
import dev.nabla.ops.PoolOps;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** Functional layers and losses, as torch.nn.functional. */
public final class F {
    private F() {}

    /** x·Wᵀ + b with x (..., in), weight (out, in), bias (out) or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2)
            throw new IllegalArgumentException("linear: weight must be 2-D (out, in), got shape " + dev.nabla.tensor.Shape.str(weight.shape()));
        if (x.dim() > 2 && x.size(-1) != weight.size(1))
            throw new IllegalArgumentException("linear: input " + dev.nabla.tensor.Shape.str(x.shape()) + " does not end in the weight's in_features "
                    + weight.size(1) + " (weight " + dev.nabla.tensor.Shape.str(weight.shape()) + ")");
        // (..., in) as one (N, in) matrix: one GEMM per pass and a weight gradient without a per-batch sum
        Tensor y = x.dim() > 2 ? x.reshape(-1, x.size(-1)).matmul(weight.t()) : x.matmul(weight.t());
        if (bias != null) y = y.add(bias);
        if (x.dim() <= 2) return y;
        int[] shape = x.shape();
        shape[shape.length - 1] = weight.size(0);
        return y.reshape(shape);
    }

    public static Tensor embedding(IntTensor ids, Tensor weight) {
        return IndexOps.embedding(ids, weight);
    }

    public static Tensor oneHot(IntTensor ids, int numClasses) {
        return IndexOps.oneHot(ids, numClasses);
    }

    /** Normalises over the trailing dims given by normalizedShape; weight and bias may be null. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, float eps) {
        return NormOps.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** Zeroes each element with probability p in training and scales the rest by 1/(1-p); gen null means the global generator. */
    public static Tensor dropout(Tensor x, float p, boolean training, Generator gen) {
        return DropoutOp.dropout(x, p, training, gen);
    }

    /** Cross-entropy of logits (N, C) or (N, C, d1, ...) against class indices (N) or (N, d1, ...). */
    public static Tensor crossEntropy(Tensor logits, IntTensor target, Reduction reduction, int ignoreIndex, float labelSmoothing) {
        return LossOps.crossEntropy(logits, target, reduction, ignoreIndex, labelSmoothing);
    }

    public static Tensor crossEntropy(Tensor logits, IntTensor target) {
        return crossEntropy(logits, target, Reduction.MEAN, -100, 0f);
    }

    /**
     * Cross-entropy of logits (C) or (N, C, d1, ...) against class probabilities of the same shape, as PyTorch's
     * cross_entropy with a float target: −Σ_c target·log_softmax(logits) over the class dim, then reduced over the
     * rest (the mean divides by N·d1·...). Composed of log-softmax, product and sums, which carry the gradients
     * (the target's too). Knowledge distillation's soft labels are such targets.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction) {
        if (logits.dim() == 0 || !Arrays.equals(logits.shape(), target.shape()))
            throw new IllegalArgumentException("crossEntropy: logits of shape " + Shape.str(logits.shape()) + " need class probabilities of the same shape "
                    + "(at least one dim), got " + Shape.str(target.shape()));
        int classDim = logits.dim() == 1 ? 0 : 1;
        Tensor loss = target.mul(logits.logSoftmax(classDim)).sum(classDim).neg();
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.mean();
        };
    }

    public static Tensor nllLoss(Tensor logProbs, IntTensor target, Reduction reduction, int ignoreIndex) {
        return LossOps.nllLoss(logProbs, target, reduction, ignoreIndex);
    }

    public static Tensor nllLoss(Tensor logProbs, IntTensor target) {
        return nllLoss(logProbs, target, Reduction.MEAN, -100);
    }

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return LossOps.mseLoss(input, target, reduction);
    }

    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return LossOps.l1Loss(input, target, reduction);
    }

    public static Tensor binaryCrossEntropy(Tensor probs, Tensor target, Reduction reduction) {
        return LossOps.binaryCrossEntropy(probs, target, reduction);
    }

    /** posWeight may be null. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor posWeight, Reduction reduction) {
        return LossOps.binaryCrossEntropyWithLogits(logits, target, posWeight, reduction);
    }

    /** x (N, Cin, L) or (Cin, L), weight (Cout, Cin/groups, K), bias (Cout) or null. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return ConvOps.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** x (N, Cin, H, W) or (Cin, H, W), weight (Cout, Cin/groups, KH, KW), bias (Cout) or null; stride, padding, dilation as {h, w} or one value for both. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return ConvOps.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** x (N, C, H, W) or (C, H, W); kernel, stride, padding as {h, w} or one value for both; stride null means the kernel size. */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        return PoolOps.maxPool2d(x, kernel, stride, padding);
    }

    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        return PoolOps.avgPool2d(x, kernel, stride, padding, countIncludePad);
    }

    /** Embedding whose row paddingIdx (in [-num, num), or null for none) receives no gradient. */
    public static Tensor embedding(IntTensor ids, Tensor weight, Integer paddingIdx) {
        return EmbeddingOps.embedding(ids, weight, paddingIdx);
    }

    /**
     * Batch norm of x (N, C, *) per channel, as torch.nn.functional.batch_norm: in training, batch statistics (and
     * runningMean / runningVar, when given, are updated in place with momentum); otherwise the running statistics.
     * weight, bias, runningMean and runningVar may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, float momentum, float eps) {
        return BatchNormOps.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** x (N, C, H, W) or (C, H, W) averaged over windows start = floor(i·H/OH), end = ceil((i+1)·H/OH); outputSize {oh, ow} or one value. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int[] outputSize) {
        return AdaptivePoolOps.adaptiveAvgPool2d(x, outputSize);
    }

    /** softmax(q·kᵀ·scale)·v with no mask, dropout or causality; see the full overload. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v) {
        return scaledDotProductAttention(q, k, v, null, null, 0f, false, null, null);
    }

    /** Scaled dot-product attention with an additive float mask (or null), as torch.nn.functional.scaled_dot_product_attention. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor attnMask, float dropoutP,
                                                   boolean isCausal, Float scale, Generator gen) {
        return scaledDotProductAttention(q, k, v, attnMask, null, dropoutP, isCausal, scale, gen);
    }

    /** Scaled dot-product attention with a boolean mask (nonzero = the pair takes part, as torch 2.x), or null. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, IntTensor attnMask, float dropoutP,
                                                   boolean isCausal, Float scale, Generator gen) {
        return scaledDotProductAttention(q, k, v, null, attnMask, dropoutP, isCausal, scale, gen);
    }

    /**
     * The attention output without the weights, with both kinds of mask (either may be null). With q, k, v of the same
     * (B, H) it runs the fused kernel ({@link FusedAttention}: the (T, S) scores are never stored, so memory grows
     * linearly in T), which gives what the composed path gives, fully masked rows included; its dropout mask comes from
     * one draw of gen (a seed), so it differs from the composed path's mask for the same generator.
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor additiveMask, IntTensor keepMask,
                                                   float dropoutP, boolean isCausal, Float scale, Generator gen) {
        boolean fusable = dropoutP >= 0f && dropoutP < 1f && q.dim() == 4 && k.dim() == 4 && v.dim() == 4
                && q.size(0) == k.size(0) && q.size(1) == k.size(1) && k.size(0) == v.size(0) && k.size(1) == v.size(1)
                && q.size(3) == k.size(3) && k.size(2) == v.size(2) && q.size(2) > 0 && k.size(2) > 0;
        if (!fusable) return scaledDotProductAttentionWithWeights(q, k, v, additiveMask, keepMask, dropoutP, isCausal, scale, gen).output();
        String op = "scaled_dot_product_attention";
        int[] scores = {q.size(0), q.size(1), q.size(2), k.size(2)};
        Tensor mask = additiveMask == null ? null : maskFor(op, "attention mask", additiveMask.shape(), scores, additiveMask);
        if (keepMask != null) {
            int[] keep = maskFor(op, "boolean mask", keepMask.shape(), scores, keepMask).toArray();
            float[] add = new float[keep.length];
            for (int i = 0; i < keep.length; i++) add[i] = keep[i] != 0 ? 0f : Float.NEGATIVE_INFINITY;
            Tensor m = Tensor.of(add, keepMask.shape());
            mask = mask == null ? m : mask.add(m);
        }
        FlashAttention.Dropout drop = dropoutP > 0f ? new FlashAttention.Dropout(dropoutP, (gen != null ? gen : Generator.global()).nextLong()) : null;
        return FusedAttention.apply(q, k, v, mask, isCausal, scale != null ? scale : (float) (1 / Math.sqrt(q.size(-1))), drop);
    }

    /**
     * The reference (composed, differentiable) scaled dot-product attention, returning the output and the weights.
     * q (..., T, E), k (..., S, E), v (..., S, Ev); leading dims broadcast as in matmul. additiveMask (float, added to
     * the scores) and keepMask (nonzero = the pair takes part) may each be null and broadcast to (..., T, S); isCausal
     * lets query i see keys j <= i (top-left aligned, as torch). scale null means 1/√E. Dropout with probability
     * dropoutP (drawn from gen, the global generator when null) applies to the weights whenever dropoutP > 0.
     * A row whose keys are all masked gets zero weights, zero output and zero gradients (torch's math path gives NaN
     * before 2.5 and zeros since; zeros keep training on padded batches finite).
     */
    public static Attention scaledDotProductAttentionWithWeights(Tensor q, Tensor k, Tensor v, Tensor additiveMask, IntTensor keepMask,
                                                                 float dropoutP, boolean isCausal, Float scale, Generator gen) {
        String op = "scaled_dot_product_attention";
        if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2 || q.size(-1) != k.size(-1) || k.size(-2) != v.size(-2))
            throw new IllegalArgumentException(op + ": expected q (..., T, E), k (..., S, E), v (..., S, Ev), got q "
                    + Shape.str(q.shape()) + ", k " + Shape.str(k.shape()) + ", v " + Shape.str(v.shape()));
        if (!(dropoutP >= 0f && dropoutP <= 1f))
            throw new IllegalArgumentException(op + ": dropout probability has to be between 0 and 1, got " + dropoutP);
        int t = q.size(-2), s = k.size(-2);
        float sc = scale != null ? scale : (float) (1 / Math.sqrt(q.size(-1)));
        Tensor scores = q.matmul(k.transpose(-2, -1)).mul(sc); // (..., T, S)
        int[] ss = scores.shape();
        if (additiveMask != null) scores = scores.add(maskFor(op, "attention mask", additiveMask.shape(), ss, additiveMask));
        if (keepMask != null) scores = scores.maskedFill(maskFor(op, "boolean mask", keepMask.shape(), ss, not(keepMask)), Float.NEGATIVE_INFINITY);
        if (isCausal) scores = scores.maskedFill(aboveDiagonal(t, s), Float.NEGATIVE_INFINITY);
        Tensor w;
        IntTensor dead = (additiveMask != null || keepMask != null || isCausal) && s > 0
                ? scores.detach().max(-1, true).values().eq(Float.NEGATIVE_INFINITY) : null; // (..., T, 1)
        if (dead != null && java.util.Arrays.stream(dead.toArray()).anyMatch(d -> d != 0))
            w = scores.maskedFill(dead, 0f).softmax(-1).maskedFill(dead, 0f); // finite in both directions
        else w = scores.softmax(-1);
        if (dropoutP > 0f) w = dropout(w, dropoutP, true, gen);
        return new Attention(w.matmul(v), w);
    }

    /** Checks that a mask broadcasts to the scores' shape (without enlarging it); returns the mask. */
    private static <M> M maskFor(String op, String what, int[] maskShape, int[] scoreShape, M mask) {
        boolean ok = maskShape.length <= scoreShape.length;
        for (int i = 1; ok && i <= maskShape.length; i++) {
            int m = maskShape[maskShape.length - i], sz = scoreShape[scoreShape.length - i];
            ok = m == sz || m == 1;
        }
        if (!ok)
            throw new IllegalArgumentException(op + ": " + what + " of shape " + Shape.str(maskShape)
                    + " does not broadcast to the scores' shape (..., T, S) = " + Shape.str(scoreShape));
        return mask;
    }

    private static IntTensor not(IntTensor m) {
        int[] a = m.toArray();
        for (int i = 0; i < a.length; i++) a[i] = a[i] == 0 ? 1 : 0;
        return IntTensor.wrap(a, m.shape());
    }

    /** (T, S), 1 where key j lies after query i (j > i). */
    private static IntTensor aboveDiagonal(int t, int s) {
        int[] a = new int[t * s];
        for (int i = 0; i < t; i++) for (int j = i + 1; j < s; j++) a[i * s + j] = 1;
        return IntTensor.wrap(a, t, s);
    }
}
