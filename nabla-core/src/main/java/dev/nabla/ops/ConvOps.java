package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.kernel.ConvKernel;
import dev.nabla.kernel.Im2col;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

import static dev.nabla.ops.NnSupport.dense;

/** 1-D and 2-D convolution (cross-correlation, as PyTorch) with stride, padding, dilation and groups. */
public final class ConvOps {
    private ConvOps() {}

    /** x (N, Cin, L) or (Cin, L), weight (Cout, Cin/groups, K), bias (Cout) or null. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return conv("conv1d", 1, x, weight, bias, new int[] {1, stride}, new int[] {0, padding}, new int[] {1, dilation}, groups);
    }

    /** x (N, Cin, H, W) or (Cin, H, W), weight (Cout, Cin/groups, KH, KW), bias (Cout) or null; stride, padding, dilation {h, w}. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        String op = "conv2d";
        return conv(op, 2, x, weight, bias, NnSupport.pair(op, "stride", stride), NnSupport.pair(op, "padding", padding),
                NnSupport.pair(op, "dilation", dilation), groups);
    }

    /** Both convolutions as 2-D ones: a 1-D input is a 2-D input of height 1. */
    private static Tensor conv(String op, int spatial, Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        int[] xs = x.shape(), ws = weight.shape();
        if (xs.length != spatial + 1 && xs.length != spatial + 2)
            throw new IllegalArgumentException(op + ": expected a " + (spatial + 1) + "-D (unbatched) or " + (spatial + 2)
                    + "-D (batched) input, got shape " + Shape.str(xs));
        if (ws.length != spatial + 2)
            throw new IllegalArgumentException(op + ": expected a " + (spatial + 2) + "-D weight, got shape " + Shape.str(ws));
        if (groups <= 0) throw new IllegalArgumentException(op + ": groups must be positive, got " + groups);
        for (int i = 0; i < 2; i++) {
            if (stride[i] <= 0) throw new IllegalArgumentException(op + ": stride must be positive, got " + Arrays.toString(stride));
            if (padding[i] < 0) throw new IllegalArgumentException(op + ": padding must be non-negative, got " + Arrays.toString(padding));
            if (dilation[i] <= 0) throw new IllegalArgumentException(op + ": dilation must be positive, got " + Arrays.toString(dilation));
        }
        boolean batched = xs.length == spatial + 2;
        int b = batched ? 1 : 0;
        int n = batched ? xs[0] : 1, cin = xs[b];
        int h = spatial == 2 ? xs[b + 1] : 1, w = xs[xs.length - 1];
        int cout = ws[0], kh = spatial == 2 ? ws[2] : 1, kw = ws[ws.length - 1];
        if (cout % groups != 0)
            throw new IllegalArgumentException(op + ": the weight's " + cout + " output channels are not divisible by groups=" + groups);
        if (ws[1] * groups != cin)
            throw new IllegalArgumentException(op + ": weight of shape " + Shape.str(ws) + " with groups=" + groups + " expects an input with "
                    + ws[1] * groups + " channels, got input of shape " + Shape.str(xs));
        if (bias != null && !Arrays.equals(bias.shape(), new int[] {cout}))
            throw new IllegalArgumentException(op + ": bias of shape " + Shape.str(bias.shape()) + " must have shape [" + cout + "]");
        int eh = h + 2 * padding[0] - dilation[0] * (kh - 1) - 1, ew = w + 2 * padding[1] - dilation[1] * (kw - 1) - 1;
        if (eh < 0 || ew < 0)
            throw new IllegalArgumentException(op + ": kernel of shape " + Shape.str(ws) + " with dilation " + Arrays.toString(dilation)
                    + " is larger than the padded input of shape " + Shape.str(xs));
        int oh = eh / stride[0] + 1, ow = ew / stride[1] + 1;
        Im2col.Geometry geo = new Im2col.Geometry(cin / groups, h, w, kh, kw, stride[0], stride[1], padding[0], padding[1],
                dilation[0], dilation[1], oh, ow);
        Tensor xc = dense(x), wc = dense(weight), bc = bias == null ? null : dense(bias);
        int[] outShape = xs.clone();
        outShape[b] = cout;
        if (spatial == 2) outShape[b + 1] = oh;
        outShape[outShape.length - 1] = ow;
        float[] out = new float[Shape.numel(outShape)];
        float[] cols = ConvKernel.forward(geo, n, cout, groups, xc.storage(), xc.storageOffset(), wc.storage(), wc.storageOffset(),
                bc == null ? null : bc.storage(), bc == null ? 0 : bc.storageOffset(), out);
        // the unfolded input serves the weight gradient; kept only while a graph may need it
        float[] kept = GradMode.isEnabled() && weight.requiresGrad() ? cols : null;
        return Autograd.record(op, Tensor.wrap(out, outShape), g -> {
            Tensor gc = dense(g);
            Tensor dx = null, dw = null, db = null;
            if (x.requiresGrad()) {
                float[] d = new float[x.numel()];
                ConvKernel.backwardInput(geo, n, cout, groups, gc.storage(), gc.storageOffset(), wc.storage(), wc.storageOffset(), d);
                dx = Tensor.wrap(d, xs);
            }
            if (weight.requiresGrad()) {
                float[] d = new float[weight.numel()];
                ConvKernel.backwardWeight(geo, n, cout, groups, gc.storage(), gc.storageOffset(), xc.storage(), xc.storageOffset(), kept, d);
                dw = Tensor.wrap(d, ws);
            }
            if (bias != null && bias.requiresGrad()) {
                float[] d = new float[cout];
                ConvKernel.backwardBias(n, cout, oh * ow, gc.storage(), gc.storageOffset(), d);
                db = Tensor.wrap(d, cout);
            }
            return new Tensor[] {dx, dw, db};
        }, x, weight, bias);
    }
}
