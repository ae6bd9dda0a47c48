package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/** A trained embedding of each position: an {@link Embedding} of maxLen rows ("embedding.weight"), N(0, 1) initialised. */
public class LearnedPositionalEncoding extends PositionalEncoding {
    public final Embedding embedding;

    public LearnedPositionalEncoding(int dModel, int maxLen, boolean batchFirst, Generator g) {
        this(dModel, maxLen, 0f, batchFirst, g, null);
    }

    /** g initialises the table; gen draws the dropout masks (null: the global generator). */
    public LearnedPositionalEncoding(int dModel, int maxLen, float dropout, boolean batchFirst, Generator g, Generator gen) {
        super(dModel, maxLen, dropout, batchFirst, gen);
        embedding = registerModule("embedding", new Embedding(maxLen, dModel, null, g));
    }

    @Override
    protected Tensor encodings(int start, int t) {
        int[] pos = new int[t];
        for (int i = 0; i < t; i++) pos[i] = start + i;
        return embedding.forward(IntTensor.wrap(pos, t));
    }
}
