package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** 2-D average pooling, as torch.nn.AvgPool2d (floor mode); stride defaults to the kernel size. */
public class AvgPool2d extends Module {
    /** As given: one value for both dims or {h, w}. */
    public final int[] kernelSize, stride, padding;
    public final boolean countIncludePad;

    public AvgPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0}, true);
    }

    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, true);
    }

    /** stride null means the kernel size; countIncludePad: padded positions count in each window's divisor. */
    public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean countIncludePad) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.avgPool2d(x, kernelSize, stride, padding, countIncludePad);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Repr.intOrPair(kernelSize) + ", stride=" + Repr.intOrPair(stride) + ", padding=" + Repr.intOrPair(padding);
    }
}
