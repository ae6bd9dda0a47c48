package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Adds the fixed encodings of "Attention is all you need" and dropout, as the PyTorch tutorial's PositionalEncoding:
 * pe[pos, 2i] = sin(pos / 10000^(2i/d)), pe[pos, 2i+1] = cos(pos / 10000^(2i/d)), kept in the buffer "pe"
 * (maxLen, 1, d) so the tutorial's state dict loads. x is (T, B, d), or (B, T, d) batch first.
 */
public class SinusoidalPositionalEncoding extends Module {
    public final int dModel, maxLen;
    public final boolean batchFirst;
    public final Tensor pe;
    private final Dropout dropout;

    public SinusoidalPositionalEncoding(int dModel, int maxLen) {
        this(dModel, maxLen, 0f, false, null);
    }

    /** gen draws the dropout masks (null: the global generator). */
    public SinusoidalPositionalEncoding(int dModel, int maxLen, float dropout, boolean batchFirst, Generator gen) {
        if (dModel <= 0 || maxLen <= 0)
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: dModel and maxLen must be positive, got " + dModel + ", " + maxLen);
        this.dModel = dModel;
        this.maxLen = maxLen;
        this.batchFirst = batchFirst;
        float[] a = new float[maxLen * dModel];
        for (int c = 0; c < dModel; c++) {
            // as the tutorial, in float: exp(2i · -ln(10000)/d), then sin/cos of pos times it
            float freq = (float) Math.exp((c - c % 2) * (float) (-Math.log(10000.0) / dModel));
            for (int pos = 0; pos < maxLen; pos++) {
                float angle = pos * freq;
                a[pos * dModel + c] = (float) (c % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        pe = registerBuffer("pe", Tensor.wrap(a, maxLen, 1, dModel));
        this.dropout = registerModule("dropout", new Dropout(dropout, gen));
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, 0);
    }

    /** Positions start, start+1, ... (start > 0 when decoding step by step). */
    public Tensor forward(Tensor x, int start) {
        int t = x.dim() == 3 ? x.size(batchFirst ? 1 : 0) : -1;
        if (t < 0 || x.size(2) != dModel || start < 0 || start + t > maxLen)
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: expected x " + (batchFirst ? "(B, T, " : "(T, B, ") + dModel
                    + ") with start + T <= maxLen " + maxLen + ", got " + Shape.str(x.shape()) + " at start " + start);
        Tensor p = pe.narrow(0, start, t); // (T, 1, d)
        return dropout.forward(x.add(batchFirst ? p.transpose(0, 1) : p));
    }

    @Override
    protected String extraRepr() {
        return "d_model=" + dModel + ", max_len=" + maxLen;
    }
}
