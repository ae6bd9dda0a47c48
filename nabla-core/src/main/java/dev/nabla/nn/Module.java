package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A building block of networks, as torch.nn.Module: named parameters, buffers and submodules, registered in order,
 * so that {@link #stateDict()} uses PyTorch's dotted names ("features.0.weight") and loads PyTorch's state dicts.
 * Modules that take one tensor override {@link #forward(Tensor)}; others (Embedding, losses) add their own forward.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a trainable tensor (null is allowed and recorded as absent, as bias=False). Returns it. */
    protected Tensor registerParameter(String name, Tensor t) {
        checkName(name);
        if (t != null && t.gradFn() != null)
            throw new IllegalArgumentException("registerParameter: '" + name + "' must be a leaf tensor (detach it first)");
        parameters.put(name, t == null ? null : t.requiresGrad(true));
        return t;
    }

    /** Registers state that is saved and loaded but not trained (running statistics...). Returns it. */
    protected Tensor registerBuffer(String name, Tensor t) {
        checkName(name);
        buffers.put(name, t);
        return t;
    }

    /** Registers a submodule; its parameters appear under "name.". Returns it. */
    protected <M extends Module> M registerModule(String name, M m) {
        checkName(name);
        children.put(name, m);
        return m;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name + "' (non-empty, no dots)");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": '" + name + "' is already registered");
    }

    /** The module's computation on one tensor. */
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take a single float tensor");
    }

    /** The module's computation on integer ids (Embedding...). */
    public Tensor forward(IntTensor ids) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take integer ids");
    }

    // ---------------------------------------------------------------- traversal

    /** Direct submodules by name, in registration order. */
    public Map<String, Module> namedChildren() {
        return java.util.Collections.unmodifiableMap(children);
    }

    /**
     * All parameters with dotted names, depth first in registration order (absent ones skipped). A tensor shared by
     * two submodules appears once, under its first name, as torch's named_parameters(), so that an optimizer steps
     * it once; {@link #stateDict} keeps every name.
     */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> all = new LinkedHashMap<>(), out = new LinkedHashMap<>();
        collect("", all, true, false);
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        all.forEach((k, t) -> { if (seen.add(t)) out.put(k, t); });
        return out;
    }

    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false, true);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean params, boolean bufs) {
        if (params) parameters.forEach((k, v) -> { if (v != null) out.put(prefix + k, v); });
        if (bufs) buffers.forEach((k, v) -> { if (v != null) out.put(prefix + k, v); });
        children.forEach((k, m) -> { if (m != null) m.collect(prefix + k + ".", out, params, bufs); });
    }

    /** Number of trainable scalars. */
    public long numParameters() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    /** Calls fn on every submodule (depth first), then on this module, as torch's apply. Returns this. */
    public Module apply(Consumer<Module> fn) {
        for (Module m : children.values()) if (m != null) m.apply(fn);
        fn.accept(this);
        return this;
    }

    /** Clears the gradients of all parameters. */
    public void zeroGrad() {
        for (Tensor p : parameters()) p.zeroGrad();
    }

    // ---------------------------------------------------------------- train / eval

    public Module train(boolean on) {
        apply(m -> m.training = on);
        return this;
    }

    public Module train() {
        return train(true);
    }

    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    // ---------------------------------------------------------------- state dict

    /** Parameters and buffers by dotted name (the tensors themselves, not copies), as state_dict(). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((k, v) -> { if (v != null) out.put(prefix + k, v); });
        buffers.forEach((k, v) -> { if (v != null) out.put(prefix + k, v); });
        children.forEach((k, m) -> { if (m != null) m.collectState(prefix + k + ".", out); });
    }

    /** What loadStateDict found: keys the module has that the dict lacks, and keys the dict has that the module lacks. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    /**
     * Copies values into this module's tensors (in place, so optimizers keep their references). Shape mismatches are
     * always an error; with {@code strict}, so are missing and unexpected keys. The error lists every problem.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor mine = own.get(e.getKey());
            if (mine == null) unexpected.add(e.getKey());
            else if (!Arrays.equals(mine.shape(), e.getValue().shape()))
                mismatched.add(e.getKey() + ": checkpoint has shape " + Shape.str(e.getValue().shape()) + ", the model has " + Shape.str(mine.shape()));
        }
        if (!mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder b = new StringBuilder("loadStateDict: cannot load into " + getClass().getSimpleName() + ":");
            if (!missing.isEmpty()) b.append("\n  missing keys: ").append(missing);
            if (!unexpected.isEmpty()) b.append("\n  unexpected keys: ").append(unexpected);
            for (String m : mismatched) b.append("\n  size mismatch for ").append(m);
            throw new IllegalArgumentException(b.toString());
        }
        try (var ignored = NoGrad.enter()) {
            for (Map.Entry<String, Tensor> e : state.entrySet()) {
                Tensor mine = own.get(e.getKey());
                if (mine != null) mine.copy_(e.getValue());
            }
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    // ---------------------------------------------------------------- printing

    /** The arguments shown in the module's repr, e.g. "in_features=784, out_features=256, bias=True". */
    protected String extraRepr() {
        return "";
    }

    /** Like PyTorch's module repr: the name, extra arguments, then children indented. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            b.append('\n');
            children.forEach((k, m) -> b.append("  (").append(k).append("): ")
                    .append(String.valueOf(m).replace("\n", "\n  ")).append('\n'));
        }
        return b.append(')').toString();
    }
}
