package dev.nabla.nn;

import dev.nabla.kernel.RecurrentKernel;
import dev.nabla.tensor.Tensor;

import java.util.List;

/**
 * One time step of each recurrent cell, as PyTorch defines it, given the input's projection gx = x·W_ihᵀ + b_ih
 * (computed for a whole sequence at once by the layers). The cells run these steps; the layers run the same
 * arithmetic fused over the whole sequence (RecurrentOps.scan). Gate order is PyTorch's: LSTM i,f,g,o; GRU r,z,n.
 */
enum Recurrence {
    RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

    /** Rows of W_ih and W_hh per hidden unit. */
    final int gates;

    Recurrence(int gates) {
        this.gates = gates;
    }

    /** The same cell for the layers' fused scan over a whole sequence. */
    RecurrentKernel.Cell cell() {
        return RecurrentKernel.Cell.valueOf(name());
    }

    /** The next {h, c} (c is null except for LSTM). */
    Tensor[] step(Tensor gx, Tensor h, Tensor c, Tensor whh, Tensor bhh) {
        Tensor gh = F.linear(h, whh, bhh);
        return switch (this) {
            case RNN_TANH -> new Tensor[] {gx.add(gh).tanh(), null};
            case RNN_RELU -> new Tensor[] {gx.add(gh).relu(), null};
            case LSTM -> {
                List<Tensor> g = gx.add(gh).chunk(4, 1);
                Tensor c2 = g.get(1).sigmoid().mul(c).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
                yield new Tensor[] {g.get(3).sigmoid().mul(c2.tanh()), c2};
            }
            case GRU -> {
                // n uses r·(W_hn h + b_hn): the hidden projection keeps its own bias, so gx and gh stay apart
                List<Tensor> x = gx.chunk(3, 1), hh = gh.chunk(3, 1);
                Tensor r = x.get(0).add(hh.get(0)).sigmoid();
                Tensor z = x.get(1).add(hh.get(1)).sigmoid();
                Tensor n = x.get(2).add(r.mul(hh.get(2))).tanh();
                yield new Tensor[] {n.add(z.mul(h.sub(n))), null}; // (1-z)·n + z·h
            }
        };
    }

    static Recurrence rnn(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> RNN_TANH;
            case "relu" -> RNN_RELU;
            default -> throw new IllegalArgumentException("RNN: unknown nonlinearity '" + nonlinearity + "' (tanh or relu)");
        };
    }
}
