package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu), as torch.nn.RNNCell. */
public class RNNCell extends RNNCellBase {
    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, "tanh", Generator.global());
    }

    public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity, Generator g) {
        super(Recurrence.rnn(nonlinearity), inputSize, hiddenSize, bias, g);
    }

    /** One step from a zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /** One step; h null means zeros. */
    public Tensor forward(Tensor x, Tensor h) {
        Tensor bx = batched(x);
        return unbatch(cell(bx, state("h", h, x, bx), null)[0], x);
    }
}
