package dev.nabla.nn;

import dev.nabla.ops.IndexOps;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/** Functional layers and losses, as torch.nn.functional. */
public final class F {
    private F() {}

    private static UnsupportedOperationException todo(String op) {
        return new UnsupportedOperationException(op + " is not implemented yet");
    }

    public static Tensor embedding(IntTensor ids, Tensor weight) {
        return IndexOps.embedding(ids, weight);
    }

    public static Tensor oneHot(IntTensor ids, int numClasses) {
        return IndexOps.oneHot(ids, numClasses);
    }

    /** Normalises over the trailing dims given by normalizedShape; weight and bias may be null. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, float eps) { throw todo("layerNorm"); }

    /** Zeroes each element with probability p in training and scales the rest by 1/(1-p). */
    public static Tensor dropout(Tensor x, float p, boolean training, Generator gen) { throw todo("dropout"); }

    /** Cross-entropy of logits (N, C) or (N, C, d1, ...) against class indices (N) or (N, d1, ...). */
    public static Tensor crossEntropy(Tensor logits, IntTensor target, Reduction reduction, int ignoreIndex, float labelSmoothing) { throw todo("crossEntropy"); }

    public static Tensor crossEntropy(Tensor logits, IntTensor target) {
        return crossEntropy(logits, target, Reduction.MEAN, -100, 0f);
    }

    public static Tensor nllLoss(Tensor logProbs, IntTensor target, Reduction reduction, int ignoreIndex) { throw todo("nllLoss"); }

    public static Tensor nllLoss(Tensor logProbs, IntTensor target) {
        return nllLoss(logProbs, target, Reduction.MEAN, -100);
    }

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) { throw todo("mseLoss"); }

    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) { throw todo("l1Loss"); }

    public static Tensor binaryCrossEntropy(Tensor probs, Tensor target, Reduction reduction) { throw todo("binaryCrossEntropy"); }

    /** posWeight may be null. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor posWeight, Reduction reduction) { throw todo("binaryCrossEntropyWithLogits"); }

    /** x (N, Cin, L), weight (Cout, Cin/groups, K), bias (Cout) or null. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) { throw todo("conv1d"); }

    /** x (N, Cin, H, W), weight (Cout, Cin/groups, KH, KW), bias (Cout) or null; stride, padding, dilation as {h, w}. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) { throw todo("conv2d"); }

    /** x (N, C, H, W); kernel, stride, padding as {h, w}. */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) { throw todo("maxPool2d"); }

    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) { throw todo("avgPool2d"); }
}
