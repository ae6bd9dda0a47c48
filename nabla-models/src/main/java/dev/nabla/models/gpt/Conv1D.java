package dev.nabla.models.gpt;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

/**
 * GPT-2's projection as Hugging Face's Conv1D: y = x·W + b with W (in, out), the transpose of a Linear's weight.
 * Stored (in, out), W is the GEMM's B as is: a prompt of up to 128 rows reads it in place, where x·Wᵀ would
 * transpose and pack all of W on every call. Zero-initialised: {@link GPT} draws the weights.
 */
final class Conv1D extends Module {
    final Tensor weight, bias;

    Conv1D(int in, int out, boolean bias) {
        weight = registerParameter("weight", Tensor.zeros(in, out));
        this.bias = registerParameter("bias", bias ? Tensor.zeros(out) : null);
    }

    /** x (..., in) to (..., out), as one (N, in) matrix. */
    @Override
    public Tensor forward(Tensor x) {
        int in = weight.size(0), out = weight.size(1);
        if (x.dim() < 1 || x.size(-1) != in)
            throw new IllegalArgumentException("Conv1D: input " + dev.nabla.tensor.Shape.str(x.shape()) + " does not end in the weight's in_features "
                    + in + " (weight " + dev.nabla.tensor.Shape.str(weight.shape()) + ")");
        Tensor y = x.reshape(-1, in).matmul(weight);
        if (bias != null) y = y.add(bias);
        int[] shape = x.shape();
        shape[shape.length - 1] = out;
        return y.reshape(shape);
    }

    @Override
    protected String extraRepr() {
        return "nf=" + weight.size(1) + ", nx=" + weight.size(0);
    }
}
