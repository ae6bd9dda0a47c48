package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Average pooling to a fixed output size, as torch.nn.AdaptiveAvgPool2d. */
public class AdaptiveAvgPool2d extends Module {
    /** As given: one value for both dims or {h, w}. */
    public final int[] outputSize;

    public AdaptiveAvgPool2d(int outputSize) {
        this(new int[] {outputSize});
    }

    public AdaptiveAvgPool2d(int... outputSize) {
        if (outputSize.length != 1 && outputSize.length != 2)
            throw new IllegalArgumentException("AdaptiveAvgPool2d: outputSize must have 1 or 2 values, got " + java.util.Arrays.toString(outputSize));
        this.outputSize = outputSize.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.adaptiveAvgPool2d(x, outputSize);
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + Repr.intOrPair(outputSize);
    }
}
