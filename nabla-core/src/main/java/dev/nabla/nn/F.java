package dev.nabla.nn;

import dev.nabla.ops.AdaptivePoolOps;
import dev.nabla.ops.BatchNormOps;
import dev.nabla.ops.ConvOps;
import dev.nabla.ops.DropoutOp;
import dev.nabla.ops.EmbeddingOps;
import dev.nabla.ops.IndexOps;
import dev.nabla.ops.LossOps;
import dev.nabla.ops.NormOps;
import dev.nabla.ops.PoolOps;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/** Functional layers and losses, as torch.nn.functional. */
public final class F {
    private F() {}

    /** x·Wᵀ + b with x (..., in), weight (out, in), bias (out) or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2)
            throw new IllegalArgumentException("linear: weight must be 2-D (out, in), got shape " + dev.nabla.tensor.Shape.str(weight.shape()));
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
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
}
