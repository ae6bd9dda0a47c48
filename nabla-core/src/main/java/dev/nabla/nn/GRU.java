package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** As torch.nn.GRU: see {@link RNNBase} for shapes and parameter names, {@link GRUCell} for the step. */
public class GRU extends RNNBase {
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false, false, Generator.global());
    }

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean batchFirst, boolean bidirectional, Generator g) {
        this(inputSize, hiddenSize, numLayers, true, batchFirst, 0f, bidirectional, g);
    }

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, float dropout,
            boolean bidirectional, Generator g) {
        super(Recurrence.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, g);
    }

    /** Output and final hidden state hn; h0 null means zeros. */
    public Output forward(Tensor x, Tensor h0) {
        return run(x, h0, null);
    }

    /** The same for a padded batch of sequences of different lengths: see {@link RNNBase#forward(Tensor, int[])}. */
    public Output forward(Tensor x, Tensor h0, int[] lengths) {
        return run(x, h0, null, lengths);
    }
}
