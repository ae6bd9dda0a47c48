package dev.nabla.autograd;

/** Whether ops record the graph on this thread (torch.is_grad_enabled). */
public final class GradMode {
    private static final ThreadLocal<int[]> DISABLED = ThreadLocal.withInitial(() -> new int[1]);

    private GradMode() {}

    public static boolean isEnabled() {
        return DISABLED.get()[0] == 0;
    }

    static void push() {
        DISABLED.get()[0]++;
    }

    static void pop() {
        DISABLED.get()[0]--;
    }
}
