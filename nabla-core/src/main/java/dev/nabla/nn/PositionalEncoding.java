package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Adds an encoding of each position to x (T, B, d), or (B, T, d) batch first, then dropout. */
public abstract class PositionalEncoding extends Module {
    public final int dModel, maxLen;
    public final boolean batchFirst;
    public final float dropout;
    private final Generator gen;

    /** gen draws the dropout masks (null: the global generator). */
    protected PositionalEncoding(int dModel, int maxLen, float dropout, boolean batchFirst, Generator gen) {
        if (dModel <= 0 || maxLen <= 0)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": dModel and maxLen must be positive, got " + dModel + ", " + maxLen);
        this.dModel = dModel;
        this.maxLen = maxLen;
        this.batchFirst = batchFirst;
        if (!(dropout >= 0f && dropout <= 1f))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": dropout probability has to be between 0 and 1, got " + dropout);
        this.dropout = dropout;
        this.gen = gen;
    }

    /** The encodings (T, d) of positions start ... start+t-1. */
    protected abstract Tensor encodings(int start, int t);

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, 0);
    }

    /** Positions start, start+1, ... (start > 0 when decoding step by step). */
    public Tensor forward(Tensor x, int start) {
        int t = x.dim() == 3 ? x.size(batchFirst ? 1 : 0) : -1;
        if (t < 0 || x.size(2) != dModel || start < 0 || start + t > maxLen)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected x " + (batchFirst ? "(B, T, " : "(T, B, ") + dModel
                    + ") with start + T <= maxLen " + maxLen + ", got " + Shape.str(x.shape()) + " at start " + start);
        Tensor p = encodings(start, t);
        return F.dropout(x.add(batchFirst ? p : p.unsqueeze(1)), dropout, isTraining(), gen);
    }
}
