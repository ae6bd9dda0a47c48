package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** logSoftmax along dim, as torch.nn.LogSoftmax(dim). */
public class LogSoftmax extends Module {
    public final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.logSoftmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
