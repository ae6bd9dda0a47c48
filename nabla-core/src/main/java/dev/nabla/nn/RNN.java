package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** As torch.nn.RNN: see {@link RNNBase} for shapes and parameter names, {@link RNNCell} for the step. */
public class RNN extends RNNBase {
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false, false, Generator.global());
    }

    public RNN(int inputSize, int hiddenSize, int numLayers, boolean batchFirst, boolean bidirectional, Generator g) {
        this(inputSize, hiddenSize, numLayers, "tanh", true, batchFirst, 0f, bidirectional, g);
    }

    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst, float dropout,
            boolean bidirectional, Generator g) {
        super(Recurrence.rnn(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, g);
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
