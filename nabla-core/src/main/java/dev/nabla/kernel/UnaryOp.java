package dev.nabla.kernel;

/**
 * The elementwise math functions that have fused forward and backward kernels in {@link VectorOps}.
 * The backward kernel computes g·f'(·) from the op's output where that is enough (e^x, tanh, ...), else from its input.
 */
public enum UnaryOp {
    EXP(true), LOG(false), SQRT(true), RSQRT(true),
    TANH(true), SIGMOID(true), RELU(true), SILU(false),
    /** exact GELU, x·Φ(x) */
    GELU(false),
    /** GELU's tanh approximation */
    GELU_TANH(false),
    ERF(false);

    /** Whether {@link VectorOps#unaryBackward} takes the op's output (else its input). */
    public final boolean gradFromOutput;

    UnaryOp(boolean gradFromOutput) {
        this.gradFromOutput = gradFromOutput;
    }
}
