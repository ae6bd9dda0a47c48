package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** 2-D max pooling, as torch.nn.MaxPool2d (dilation 1, floor mode); stride defaults to the kernel size. */
public class MaxPool2d extends Module {
    /** As given: one value for both dims or {h, w}. */
    public final int[] kernelSize, stride, padding;

    public MaxPool2d(int kernelSize) {
        this(new int[] {kernelSize}, null, new int[] {0});
    }

    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(new int[] {kernelSize}, new int[] {stride}, new int[] {padding});
    }

    /** stride null means the kernel size. */
    public MaxPool2d(int[] kernelSize, int[] stride, int[] padding) {
        this.kernelSize = kernelSize.clone();
        this.stride = stride == null ? kernelSize.clone() : stride.clone();
        this.padding = padding.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.maxPool2d(x, kernelSize, stride, padding);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Repr.intOrPair(kernelSize) + ", stride=" + Repr.intOrPair(stride) + ", padding="
                + Repr.intOrPair(padding) + ", dilation=1, ceil_mode=False";
    }
}
