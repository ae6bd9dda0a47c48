package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * The fixed encodings of "Attention is all you need", as the PyTorch tutorial's PositionalEncoding:
 * pe[pos, 2i] = sin(pos / 10000^(2i/d)), pe[pos, 2i+1] = cos(pos / 10000^(2i/d)), kept in the buffer "pe"
 * (maxLen, 1, d) so the tutorial's state dict loads.
 */
public class SinusoidalPositionalEncoding extends PositionalEncoding {
    public final Tensor pe;

    public SinusoidalPositionalEncoding(int dModel, int maxLen) {
        this(dModel, maxLen, 0f, false, null);
    }

    public SinusoidalPositionalEncoding(int dModel, int maxLen, float dropout, boolean batchFirst, Generator gen) {
        super(dModel, maxLen, dropout, batchFirst, gen);
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
    }

    @Override
    protected Tensor encodings(int start, int t) {
        return pe.narrow(0, start, t).reshape(t, dModel);
    }

    @Override
    protected String extraRepr() {
        return "d_model=" + dModel + ", max_len=" + maxLen + ", dropout=" + Repr.num(dropout);
    }
}
