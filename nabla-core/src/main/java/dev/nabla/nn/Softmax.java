package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** softmax along dim, as torch.nn.Softmax(dim). */
public class Softmax extends Module {
    public final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.softmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
