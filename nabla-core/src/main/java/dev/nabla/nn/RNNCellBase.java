package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * What RNNCell, LSTMCell and GRUCell share, as torch.nn.RNNCellBase: weight_ih (gates·hidden, input),
 * weight_hh (gates·hidden, hidden), bias_ih and bias_hh (gates·hidden), all initialised U(±1/√hidden).
 * Inputs are (batch, input) or unbatched (input); states (batch, hidden) or (hidden), zeros when null.
 */
public abstract class RNNCellBase extends Module {
    public final int inputSize, hiddenSize;
    public final Tensor weightIh, weightHh, biasIh, biasHh;
    final Recurrence kind;

    RNNCellBase(Recurrence kind, int inputSize, int hiddenSize, boolean bias, Generator g) {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be > 0, got input_size=" + inputSize + ", hidden_size=" + hiddenSize);
        this.kind = kind;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        int rows = kind.gates * hiddenSize;
        weightIh = registerParameter("weight_ih", Tensor.zeros(rows, inputSize));
        weightHh = registerParameter("weight_hh", Tensor.zeros(rows, hiddenSize));
        biasIh = registerParameter("bias_ih", bias ? Tensor.zeros(rows) : null);
        biasHh = registerParameter("bias_hh", bias ? Tensor.zeros(rows) : null);
        float bound = (float) (1 / Math.sqrt(hiddenSize));
        for (Tensor p : parameters()) Init.uniform_(p, -bound, bound, g);
    }

    /** {h', c'} from x and {h, c}, all batched. */
    Tensor[] cell(Tensor x, Tensor h, Tensor c) {
        return kind.step(F.linear(x, weightIh, biasIh), h, c, weightHh, biasHh);
    }

    /** x as (batch, input): unbatched input gains a batch dim of 1. */
    Tensor batched(Tensor x) {
        if ((x.dim() != 1 && x.dim() != 2) || x.size(x.dim() - 1) != inputSize)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": input must be (batch, " + inputSize + ") or ("
                    + inputSize + "), got " + Shape.str(x.shape()));
        return x.dim() == 1 ? x.unsqueeze(0) : x;
    }

    /** A state for batched input bx: zeros when null, else checked and given the batch dim x lacked. */
    Tensor state(String what, Tensor s, Tensor x, Tensor bx) {
        if (s == null) return Tensor.zeros(bx.size(0), hiddenSize);
        Tensor b = x.dim() == 1 && s.dim() == 1 ? s.unsqueeze(0) : s;
        if (b.dim() != 2 || b.size(0) != bx.size(0) || b.size(1) != hiddenSize)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + what + " must be " + (x.dim() == 1 ? "(" + hiddenSize + ")"
                    : "(" + bx.size(0) + ", " + hiddenSize + ")") + " for input " + Shape.str(x.shape()) + ", got " + Shape.str(s.shape()));
        return b;
    }

    static Tensor unbatch(Tensor t, Tensor x) {
        return x.dim() == 1 ? t.squeeze(0) : t;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=False" : "")
                + (kind == Recurrence.RNN_RELU ? ", nonlinearity=relu" : "");
    }
}
