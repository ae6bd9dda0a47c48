package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * 2-D convolution over (N, Cin, H, W) or (Cin, H, W), weight (Cout, Cin/groups, KH, KW), bias (Cout), initialised
 * as torch.nn.Conv2d: kaiming_uniform(a=√5) and bias U(±1/√fan_in).
 */
public class Conv2d extends Module {
    public final int inChannels, outChannels, groups;
    public final int[] kernelSize, stride, padding, dilation;
    public final Tensor weight, bias;

    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {1}, 1, true, Generator.global());
    }

    /** kernelSize, stride, padding, dilation as {h, w} or one value for both. */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias, Generator g) {
        String op = "Conv2d";
        this.kernelSize = pair(op, "kernelSize", kernelSize, 1);
        this.stride = pair(op, "stride", stride, 1);
        this.padding = pair(op, "padding", padding, 0);
        this.dilation = pair(op, "dilation", dilation, 1);
        Conv1d.checkChannels(op, inChannels, outChannels, groups);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        weight = registerParameter("weight", Tensor.zeros(outChannels, inChannels / groups, this.kernelSize[0], this.kernelSize[1]));
        this.bias = registerParameter("bias", bias ? Tensor.zeros(outChannels) : null);
        Conv1d.initConv(weight, this.bias, g);
    }

    private static int[] pair(String op, String what, int[] v, int min) {
        if (v == null || (v.length != 1 && v.length != 2))
            throw new IllegalArgumentException(op + ": " + what + " must have 1 or 2 values, got " + java.util.Arrays.toString(v));
        int[] p = v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
        for (int x : p)
            if (x < min) throw new IllegalArgumentException(op + ": " + what + " must be >= " + min + ", got " + java.util.Arrays.toString(v));
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    @Override
    protected String extraRepr() {
        return Conv1d.repr(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias != null);
    }
}
