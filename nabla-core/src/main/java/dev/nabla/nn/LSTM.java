package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** As torch.nn.LSTM (without proj_size): see {@link RNNBase} for shapes and names, {@link LSTMCell} for the step. */
public class LSTM extends RNNBase {
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false, false, Generator.global());
    }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean batchFirst, boolean bidirectional, Generator g) {
        this(inputSize, hiddenSize, numLayers, true, batchFirst, 0f, bidirectional, g);
    }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, float dropout, boolean bidirectional, Generator g) {
        super(Recurrence.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, g);
    }

    /** Output and final states hn, cn; h0 or c0 null means zeros. */
    public Output forward(Tensor x, Tensor h0, Tensor c0) {
        return run(x, h0, c0);
    }

    /** The same for a padded batch of sequences of different lengths: see {@link RNNBase#forward(Tensor, int[])}. */
    public Output forward(Tensor x, Tensor h0, Tensor c0, int[] lengths) {
        return run(x, h0, c0, lengths);
    }
}
