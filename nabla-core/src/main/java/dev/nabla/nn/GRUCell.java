package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A gated recurrent unit step, as torch.nn.GRUCell: r = σ(W_ir x + b_ir + W_hr h + b_hr), z likewise,
 * n = tanh(W_in x + b_in + r·(W_hn h + b_hn)), h' = (1 − z)·n + z·h.
 */
public class GRUCell extends RNNCellBase {
    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, Generator.global());
    }

    public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator g) {
        super(Recurrence.GRU, inputSize, hiddenSize, bias, g);
    }

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
