package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.Gather;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

import static dev.nabla.ops.NnSupport.dense;

/** Embedding lookup with a padding row that receives no gradient, as torch.nn.functional.embedding(padding_idx=...). */
public final class EmbeddingOps {
    private EmbeddingOps() {}

    /** Rows of weight (num, dim) picked by ids; output shape ids.shape + [dim]. paddingIdx in [-num, num), or null for none. */
    public static Tensor embedding(IntTensor ids, Tensor weight, Integer paddingIdx) {
        String op = "embedding";
        if (paddingIdx == null) return IndexOps.embedding(ids, weight);
        if (weight.dim() != 2)
            throw new IllegalArgumentException(op + ": weight must be 2-D (num, dim), got shape " + Shape.str(weight.shape()));
        int[] ws = weight.shape();
        int num = ws[0], width = ws[1];
        if (paddingIdx < -num || paddingIdx >= num)
            throw new IllegalArgumentException(op + ": paddingIdx " + paddingIdx + " must be within [" + -num + ", " + num + ")");
        int pad = paddingIdx < 0 ? paddingIdx + num : paddingIdx;
        int[] idx = ids.storage();
        for (int v : idx)
            if (v < 0 || v >= num)
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for dim 0 of size " + num);
        int[] is = ids.shape();
        int[] outShape = Arrays.copyOf(is, is.length + 1);
        outShape[is.length] = width;
        Tensor c = dense(weight);
        float[] out = new float[Shape.numel(outShape)];
        Gather.indexSelect(c.storage(), c.storageOffset(), 1, num, width, idx, out);
        return Autograd.record(op, Tensor.wrap(out, outShape), g -> {
            Tensor gc = dense(g);
            float[] gw = new float[num * width];
            Gather.indexAdd(gc.storage(), gc.storageOffset(), 1, idx.length, width, idx, gw, num);
            Arrays.fill(gw, pad * width, (pad + 1) * width, 0f);
            return new Tensor[] {Tensor.wrap(gw, ws)};
        }, weight);
    }
}
