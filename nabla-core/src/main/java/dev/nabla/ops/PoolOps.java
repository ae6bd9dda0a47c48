package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.Pool;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

import static dev.nabla.ops.NnSupport.dense;
import static dev.nabla.ops.NnSupport.pair;

/** 2-D max and average pooling over (N, C, H, W) or (C, H, W) inputs. */
public final class PoolOps {
    private PoolOps() {}

    /** Checks the arguments and computes the output size; stride null or empty means stride = kernel. */
    private static Pool.Geometry geometry(String op, Tensor x, int[] kernel, int[] stride, int[] padding) {
        int[] xs = x.shape();
        if (xs.length != 3 && xs.length != 4)
            throw new IllegalArgumentException(op + ": expected a 3-D (unbatched) or 4-D (batched) input, got shape " + Shape.str(xs));
        int[] k = pair(op, "kernel", kernel);
        int[] s = stride == null || stride.length == 0 ? k : pair(op, "stride", stride);
        int[] p = pair(op, "padding", padding);
        int h = xs[xs.length - 2], w = xs[xs.length - 1];
        for (int i = 0; i < 2; i++) {
            if (k[i] <= 0) throw new IllegalArgumentException(op + ": kernel size must be positive, got " + Arrays.toString(k));
            if (s[i] <= 0) throw new IllegalArgumentException(op + ": stride must be positive, got " + Arrays.toString(s));
            if (p[i] < 0 || p[i] > k[i] / 2)
                throw new IllegalArgumentException(op + ": padding must be between 0 and half the kernel size, got padding "
                        + Arrays.toString(p) + " for kernel " + Arrays.toString(k));
        }
        int eh = h + 2 * p[0] - k[0], ew = w + 2 * p[1] - k[1];
        if (eh < 0 || ew < 0)
            throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(k) + " is larger than the padded input of shape " + Shape.str(xs));
        return new Pool.Geometry(h, w, k[0], k[1], s[0], s[1], p[0], p[1], eh / s[0] + 1, ew / s[1] + 1);
    }

    private static int[] outShape(int[] xs, Pool.Geometry g) {
        int[] o = xs.clone();
        o[o.length - 2] = g.oh();
        o[o.length - 1] = g.ow();
        return o;
    }

    /** The gradient goes to the first maximum of each window (the one the forward pass recorded). */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        String op = "maxPool2d";
        Pool.Geometry g = geometry(op, x, kernel, stride, padding);
        int[] xs = x.shape(), os = outShape(xs, g);
        int planes = xs.length == 4 ? xs[0] * xs[1] : xs[0];
        Tensor xc = dense(x);
        float[] out = new float[Shape.numel(os)];
        int[] arg = new int[out.length];
        Pool.maxForward(g, planes, xc.storage(), xc.storageOffset(), out, arg);
        return Autograd.record(op, Tensor.wrap(out, os), gr -> {
            Tensor gc = dense(gr);
            float[] dx = new float[x.numel()];
            Pool.maxBackward(g, planes, gc.storage(), gc.storageOffset(), arg, dx);
            return new Tensor[] {Tensor.wrap(dx, xs)};
        }, x);
    }

    /** countIncludePad: padded positions count in each window's divisor. */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        String op = "avgPool2d";
        Pool.Geometry g = geometry(op, x, kernel, stride, padding);
        int[] xs = x.shape(), os = outShape(xs, g);
        int planes = xs.length == 4 ? xs[0] * xs[1] : xs[0];
        Tensor xc = dense(x);
        float[] out = new float[Shape.numel(os)];
        Pool.avgForward(g, planes, xc.storage(), xc.storageOffset(), countIncludePad, out);
        return Autograd.record(op, Tensor.wrap(out, os), gr -> {
            Tensor gc = dense(gr);
            float[] dx = new float[x.numel()];
            Pool.avgBackward(g, planes, gc.storage(), gc.storageOffset(), countIncludePad, dx);
            return new Tensor[] {Tensor.wrap(dx, xs)};
        }, x);
    }
}
