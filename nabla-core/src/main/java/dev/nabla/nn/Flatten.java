package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Flattens dims startDim..endDim into one, as torch.nn.Flatten (default 1..-1: keeps the batch dim). */
public class Flatten extends Module {
    public final int startDim, endDim;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(startDim, endDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
