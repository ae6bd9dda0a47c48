package dev.nabla.autograd;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The reverse-mode engine: ops record nodes here; backward walks them in reverse topological order. */
public final class Autograd {
    private Autograd() {}

    /**
     * Records {@code out} as the result of op {@code name} on {@code inputs}, when grad mode is on and
     * some input requires grad. Returns {@code out}.
     */
    public static Tensor record(String name, Tensor out, Backward backward, Tensor... inputs) {
        if (!GradMode.isEnabled()) return out;
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                out.setGradFn(new Node(name, backward, inputs));
                return out;
            }
        }
        return out;
    }

    /**
     * As {@link #record}, for a backward whose every gradient is a newly allocated tensor that nothing else holds:
     * a leaf without a gradient keeps it as it is, rather than a copy.
     */
    public static Tensor recordFresh(String name, Tensor out, Backward backward, Tensor... inputs) {
        record(name, out, backward, inputs);
        if (out.gradFn() != null) out.gradFn().freshGrads = true;
        return out;
    }

    /** Asks the engine to also store the gradient of this non-leaf tensor in its {@code grad()}. */
    public static void retainGrad(Tensor t) {
        if (t.gradFn() != null) t.gradFn().retained = t;
    }

    /** Runs backward from {@code root} with upstream gradient {@code seed} (null: root must be a scalar). */
    public static void backward(Tensor root, Tensor seed, boolean retainGraph) {
        if (!root.requiresGrad())
            throw new IllegalStateException("backward: the tensor does not require grad and has no grad_fn; "
                    + "call requiresGrad(true) on the leaves before computing it");
        if (seed == null) {
            if (root.numel() != 1)
                throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs, but the output has shape "
                        + Shape.str(root.shape()) + "; pass a gradient of that shape to backward(grad)");
            seed = Tensor.onesLike(root);
        } else if (!Arrays.equals(seed.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: gradient of shape " + Shape.str(seed.shape())
                    + " does not match the output's shape " + Shape.str(root.shape()));
        }
        try (var ignored = NoGrad.enter()) {
            if (root.gradFn() == null) { // a leaf
                accumulateLeaf(root, seed, false);
                return;
            }
            List<Node> order = topologicalOrder(root.gradFn());
            Map<Node, Tensor> grads = new IdentityHashMap<>();
            grads.put(root.gradFn(), seed);
            for (int k = order.size() - 1; k >= 0; k--) {
                Node node = order.get(k);
                Tensor g = grads.remove(node);
                if (g == null) continue;
                if (node.freed())
                    throw new IllegalStateException("backward: trying to backward through the graph a second time ("
                            + node + " has already freed its saved tensors); call backward(grad, true) the first time to retain the graph");
                if (node.retained != null) node.retained.setGrad(accumulate(node.retained.grad(), g));
                Tensor[] inputs = node.inputs();
                Tensor[] gi = node.backward().apply(g);
                if (gi.length != inputs.length)
                    throw new IllegalStateException(node + " returned " + gi.length + " gradients for " + inputs.length + " inputs");
                for (int i = 0; i < inputs.length; i++) {
                    Tensor in = inputs[i];
                    if (in == null || gi[i] == null || !in.requiresGrad()) continue;
                    if (!Arrays.equals(gi[i].shape(), in.shape()))
                        throw new IllegalStateException(node + " returned a gradient of shape " + Shape.str(gi[i].shape())
                                + " for input " + i + " of shape " + Shape.str(in.shape()));
                    if (in.gradFn() == null) accumulateLeaf(in, gi[i], node.freshGrads && once(gi, i));
                    else grads.merge(in.gradFn(), gi[i], Autograd::accumulate);
                }
                if (!retainGraph) node.free();
            }
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g, boolean fresh) {
        leaf.setGrad(fresh && leaf.grad() == null ? g : accumulate(leaf.grad(), g));
    }

    /** Whether gi[i] is returned for input i alone. */
    private static boolean once(Tensor[] gi, int i) {
        for (int j = 0; j < gi.length; j++) if (j != i && gi[j] == gi[i]) return false;
        return true;
    }

    /** Sums two gradients into a fresh tensor, so that no gradient aliases another tensor's storage. */
    private static Tensor accumulate(Tensor acc, Tensor g) {
        return acc == null ? g.contiguousCopy() : acc.add(g);
    }

    /** Nodes reachable from {@code root}, each after all nodes that feed it (iterative, so deep graphs do not overflow the stack). */
    static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Map<Node, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>(); // {node, next input index}
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Node node = (Node) top[0];
            int i = (Integer) top[1];
            Tensor[] inputs = node.inputs();
            if (inputs != null && i < inputs.length) {
                top[1] = i + 1;
                Tensor in = inputs[i];
                if (in != null && in.gradFn() != null && visited.put(in.gradFn(), Boolean.TRUE) == null)
                    stack.push(new Object[] {in.gradFn(), 0});
            } else {
                stack.pop();
                order.add(node);
            }
        }
        return order;
    }

    /** Sums {@code grad} down to {@code shape}, undoing a broadcast in the forward pass. */
    public static Tensor unbroadcast(Tensor grad, int[] shape) {
        int[] gs = grad.shape();
        if (Arrays.equals(gs, shape)) return grad;
        int lead = gs.length - shape.length;
        int[] dims = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++)
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims[n++] = i;
        Tensor r = grad.sum(Arrays.copyOf(dims, n), true);
        return r.reshape(shape);
    }
}
