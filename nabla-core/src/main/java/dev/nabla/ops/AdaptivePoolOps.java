package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.AdaptivePool;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

import static dev.nabla.ops.NnSupport.dense;

/** Adaptive pooling: the output size is given and the windows follow from it. */
public final class AdaptivePoolOps {
    private AdaptivePoolOps() {}

    /** x (N, C, H, W) or (C, H, W); outputSize {oh, ow} or one value for both. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int[] outputSize) {
        String op = "adaptiveAvgPool2d";
        int[] xs = x.shape();
        if (xs.length != 3 && xs.length != 4)
            throw new IllegalArgumentException(op + ": expected a 3-D (unbatched) or 4-D (batched) input, got shape " + Shape.str(xs));
        for (int i = xs.length == 4 ? 1 : 0; i < xs.length; i++)
            if (xs[i] == 0)
                throw new IllegalArgumentException(op + ": expected non-zero sizes in all dims but the batch dim, got shape " + Shape.str(xs));
        int[] os = NnSupport.pair(op, "outputSize", outputSize);
        if (os[0] < 0 || os[1] < 0)
            throw new IllegalArgumentException(op + ": output size must be non-negative, got " + Arrays.toString(os));
        int h = xs[xs.length - 2], w = xs[xs.length - 1], oh = os[0], ow = os[1];
        int planes = xs.length == 4 ? xs[0] * xs[1] : xs[0];
        int[] outShape = xs.clone();
        outShape[xs.length - 2] = oh;
        outShape[xs.length - 1] = ow;
        Tensor xc = dense(x);
        float[] out = new float[Shape.numel(outShape)];
        AdaptivePool.avgForward(planes, h, w, oh, ow, xc.storage(), xc.storageOffset(), out);
        return Autograd.record(op, Tensor.wrap(out, outShape), g -> {
            Tensor gc = dense(g);
            float[] dx = new float[x.numel()];
            AdaptivePool.avgBackward(planes, h, w, oh, ow, gc.storage(), gc.storageOffset(), dx);
            return new Tensor[] {Tensor.wrap(dx, xs)};
        }, x);
    }
}
