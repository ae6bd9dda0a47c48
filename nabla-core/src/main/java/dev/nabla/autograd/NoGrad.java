package dev.nabla.autograd;

/**
 * A scope in which ops record nothing, like {@code with torch.no_grad():}.
 * <pre>{@code try (var ignored = NoGrad.enter()) { ... } }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private boolean open = true;

    private NoGrad() {
        GradMode.push();
    }

    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            GradMode.pop();
        }
    }
}
