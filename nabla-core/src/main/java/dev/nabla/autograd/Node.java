package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/** One recorded op in the graph: its inputs and its backward formula (PyTorch's grad_fn). */
public final class Node {
    private final String name;
    private Tensor[] inputs;
    private Backward backward;
    Tensor retained; // the output, when it asked to keep its gradient (retainGrad)
    Scatter scatter; // for a window of its one input: the in-place form of backward (see Scatter)

    Node(String name, Backward backward, Tensor[] inputs) {
        this.name = name;
        this.backward = backward;
        this.inputs = inputs;
    }

    /** The op's name, e.g. "matmul". */
    public String name() {
        return name;
    }

    Tensor[] inputs() {
        return inputs;
    }

    Backward backward() {
        return backward;
    }

    boolean freed() {
        return backward == null;
    }

    /** Drops the saved tensors once backward has run (unless the graph is retained). */
    void free() {
        backward = null;
        inputs = null;
        scatter = null;
    }

    @Override
    public String toString() {
        return "<" + name + "Backward>";
    }
}
