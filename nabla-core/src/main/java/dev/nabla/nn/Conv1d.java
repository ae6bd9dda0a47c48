package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * 1-D convolution over (N, Cin, L) or (Cin, L), weight (Cout, Cin/groups, K), bias (Cout), initialised as
 * torch.nn.Conv1d: kaiming_uniform(a=√5) and bias U(±1/√fan_in).
 */
public class Conv1d extends Module {
    public final int inChannels, outChannels, kernelSize, stride, padding, dilation, groups;
    public final Tensor weight, bias;

    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true, Generator.global());
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
                  boolean bias, Generator g) {
        String op = "Conv1d";
        if (kernelSize < 1 || stride < 1 || dilation < 1 || padding < 0)
            throw new IllegalArgumentException(op + ": need kernelSize, stride, dilation >= 1 and padding >= 0, got kernelSize="
                    + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation);
        checkChannels(op, inChannels, outChannels, groups);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        weight = registerParameter("weight", Tensor.zeros(outChannels, inChannels / groups, kernelSize));
        this.bias = registerParameter("bias", bias ? Tensor.zeros(outChannels) : null);
        initConv(weight, this.bias, g);
    }

    static void checkChannels(String op, int in, int out, int groups) {
        if (groups <= 0) throw new IllegalArgumentException(op + ": groups must be a positive integer, got " + groups);
        if (in <= 0 || out <= 0) throw new IllegalArgumentException(op + ": channel counts must be positive, got in=" + in + ", out=" + out);
        if (in % groups != 0) throw new IllegalArgumentException(op + ": inChannels=" + in + " must be divisible by groups=" + groups);
        if (out % groups != 0) throw new IllegalArgumentException(op + ": outChannels=" + out + " must be divisible by groups=" + groups);
    }

    /** torch's _ConvNd.reset_parameters: kaiming_uniform(a=√5) for the weight, U(±1/√fan_in) for the bias. */
    static void initConv(Tensor weight, Tensor bias, Generator g) {
        Init.kaimingUniform_(weight, Math.sqrt(5), g);
        if (bias != null) {
            int fanIn = Init.fans(weight)[0];
            float bound = fanIn > 0 ? (float) (1 / Math.sqrt(fanIn)) : 0f;
            Init.uniform_(bias, -bound, bound, g);
        }
    }

    /** torch's _ConvNd.extra_repr: padding, dilation, groups and bias only when not the defaults. */
    static String repr(int in, int out, int[] k, int[] s, int[] p, int[] d, int groups, boolean bias) {
        StringBuilder b = new StringBuilder().append(in).append(", ").append(out)
                .append(", kernel_size=").append(Repr.tuple(k)).append(", stride=").append(Repr.tuple(s));
        if (java.util.Arrays.stream(p).anyMatch(v -> v != 0)) b.append(", padding=").append(Repr.tuple(p));
        if (java.util.Arrays.stream(d).anyMatch(v -> v != 1)) b.append(", dilation=").append(Repr.tuple(d));
        if (groups != 1) b.append(", groups=").append(groups);
        if (!bias) b.append(", bias=False");
        return b.toString();
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    @Override
    protected String extraRepr() {
        return repr(inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {dilation}, groups, bias != null);
    }
}
