package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A long short-term memory step, as torch.nn.LSTMCell: gates i, f, g, o in that order in W_ih and W_hh;
 * c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c').
 */
public class LSTMCell extends RNNCellBase {
    /** The hidden and cell states. */
    public record State(Tensor h, Tensor c) {}

    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, Generator.global());
    }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator g) {
        super(Recurrence.LSTM, inputSize, hiddenSize, bias, g);
    }

    /** The next hidden state from a zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).h();
    }

    /** One step; state null (or either of its tensors null) means zeros. */
    public State forward(Tensor x, State state) {
        Tensor bx = batched(x);
        Tensor[] hc = cell(bx, state("h", state == null ? null : state.h(), x, bx), state("c", state == null ? null : state.c(), x, bx));
        return new State(unbatch(hc[0], x), unbatch(hc[1], x));
    }
}
