package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Adds a trained embedding of each position (an {@link Embedding} of maxLen rows, "embedding.weight"). x is (T, B, d) or (B, T, d) batch first. */
public class LearnedPositionalEncoding extends Module {
    public final int dModel, maxLen;
    public final boolean batchFirst;
    public final Embedding embedding;

    public LearnedPositionalEncoding(int dModel, int maxLen, boolean batchFirst, Generator g) {
        this.dModel = dModel;
        this.maxLen = maxLen;
        this.batchFirst = batchFirst;
        embedding = registerModule("embedding", new Embedding(maxLen, dModel, null, g));
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, 0);
    }

    /** Positions start, start+1, ... (start > 0 when decoding step by step). */
    public Tensor forward(Tensor x, int start) {
        int t = x.dim() == 3 ? x.size(batchFirst ? 1 : 0) : -1;
        if (t < 0 || x.size(2) != dModel || start < 0 || start + t > maxLen)
            throw new IllegalArgumentException("LearnedPositionalEncoding: expected x " + (batchFirst ? "(B, T, " : "(T, B, ") + dModel
                    + ") with start + T <= maxLen " + maxLen + ", got " + Shape.str(x.shape()) + " at start " + start);
        int[] pos = new int[t];
        for (int i = 0; i < t; i++) pos[i] = start + i;
        Tensor p = embedding.forward(IntTensor.wrap(pos, t)); // (T, d)
        return x.add(batchFirst ? p : p.unsqueeze(1));
    }
}
