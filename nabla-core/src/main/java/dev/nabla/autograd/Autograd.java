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
     * Records a view that is a window of its one input: {@code backward} gives the input-sized gradient (used for
     * leaves), {@code scatter} adds the window's gradient into an accumulator (used for the other tensors).
     */
    public static Tensor recordWindow(String name, Tensor out, Backward backward, Scatter scatter, Tensor input) {
        Tensor r = record(name, out, backward, input);
        if (r.gradFn() != null && r.gradFn().inputs()[0] == input) r.gradFn().scatter = scatter;
        return r;
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
        Tensor userSeed = seed;
        if (seed == null) {
            if (root.numel() != 1)
                throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs, but the output has shape "
                        + Shape.str(root.shape()) + "; pass a gradient of that shape to backward(grad)");
            seed = Tensor.onesLike(root);
        } else if (!Arrays.equals(seed.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: gradient of shape " + Shape.str(seed.shape())
                    + " does not match the output's shape " + Shape.str(root.shape()));
        }
        // storages already handed to a gradient: the user's seed, and each one a leaf or retained grad adopted
        Map<float[], Boolean> claimed = new IdentityHashMap<>();
        if (userSeed != null) claimed.put(userSeed.storage(), Boolean.TRUE);
        try (var ignored = NoGrad.enter()) {
            if (root.gradFn() == null) { // a leaf
                root.setGrad(accumulate(root.grad(), seed, claimed));
                return;
            }
            List<Node> order = topologicalOrder(root.gradFn());
            Map<Node, Tensor> grads = new IdentityHashMap<>();
            grads.put(root.gradFn(), seed);
            // accumulators the engine made itself: the only ones it may add into in place
            java.util.Set<Tensor> owned = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            for (int k = order.size() - 1; k >= 0; k--) {
                Node node = order.get(k);
                Tensor g = grads.remove(node);
                if (g == null) continue;
                owned.remove(g); // handed to a backward now, which may pass it on to several inputs: no longer ours to add into
                if (node.freed())
                    throw new IllegalStateException("backward: trying to backward through the graph a second time ("
                            + node + " has already freed its saved tensors); call backward(grad, true) the first time to retain the graph");
                if (node.retained != null) node.retained.setGrad(accumulate(node.retained.grad(), g, claimed));
                Tensor[] inputs = node.inputs();
                if (node.scatter != null && inputs[0].requiresGrad() && inputs[0].gradFn() != null) {
                    Node target = inputs[0].gradFn();
                    Tensor acc = grads.get(target);
                    if (acc == null || !owned.contains(acc)) {
                        acc = acc == null ? Tensor.zeros(inputs[0].shape()) : acc.contiguousCopy();
                        owned.add(acc);
                        grads.put(target, acc);
                    }
                    node.scatter.addInto(acc, g);
                    if (!retainGraph) node.free();
                    continue;
                }
                Tensor[] gi = node.backward().apply(g);
                if (gi.length != inputs.length)
                    throw new IllegalStateException(node + " returned " + gi.length + " gradients for " + inputs.length + " inputs");
                for (int i = 0; i < inputs.length; i++) {
                    Tensor in = inputs[i];
                    if (in == null || gi[i] == null || !in.requiresGrad()) continue;
                    if (!Arrays.equals(gi[i].shape(), in.shape()))
                        throw new IllegalStateException(node + " returned a gradient of shape " + Shape.str(gi[i].shape())
                                + " for input " + i + " of shape " + Shape.str(in.shape()));
                    if (in.gradFn() == null) in.setGrad(accumulate(in.grad(), gi[i], claimed));
                    else grads.merge(in.gradFn(), gi[i], (acc, more) -> owned.contains(acc) ? acc.add_(more, 1f) : acc.add(more));
                }
                if (!retainGraph) node.free();
            }
        }
    }

    /**
     * The gradient to store: acc + g as a fresh tensor, or g itself when it is the first and owns its whole storage
     * that no other stored gradient uses (most backward kernels return such fresh tensors: no copy is needed).
     */
    private static Tensor accumulate(Tensor acc, Tensor g, Map<float[], Boolean> claimed) {
        if (acc != null) return acc.add(g);
        boolean owns = g.isContiguous() && g.storageOffset() == 0 && g.storage().length == g.numel();
        if (owns && claimed.put(g.storage(), Boolean.TRUE) == null) return g.detach();
        return g.contiguousCopy();
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
