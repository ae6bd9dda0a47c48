package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients, as torch.optim.Optimizer: parameter groups with their own
 * hyper-parameters (missing ones taken from the optimizer's defaults), zeroGrad, step, and state for checkpoints.
 */
public abstract class Optimizer {
    protected final List<ParamGroup> groups;

    /** @param defaults every hyper-parameter the optimizer knows, with its default value; groups may override any */
    protected Optimizer(List<ParamGroup> groups, Map<String, Double> defaults) {
        if (groups.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter groups");
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (ParamGroup g : groups) {
            for (String k : g.options().keySet())
                if (!defaults.containsKey(k))
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": unknown hyper-parameter '" + k + "' (known: " + defaults.keySet() + ")");
            defaults.forEach((k, v) -> { if (!g.has(k)) g.set(k, v); });
            for (Tensor p : g.params())
                if (seen.put(p, Boolean.TRUE) != null)
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": a parameter appears in more than one group");
        }
        this.groups = List.copyOf(groups);
    }

    /** One group holding all params. */
    protected static List<ParamGroup> single(List<Tensor> params) {
        return List.of(new ParamGroup(params));
    }

    public List<ParamGroup> paramGroups() {
        return groups;
    }

    /** All parameters, group by group, in order (their index is their key in the state). */
    public List<Tensor> params() {
        List<Tensor> out = new ArrayList<>();
        for (ParamGroup g : groups) out.addAll(g.params());
        return out;
    }

    public void zeroGrad() {
        for (ParamGroup g : groups) for (Tensor p : g.params()) p.zeroGrad();
    }

    /** One update of every parameter that has a gradient. */
    public abstract void step();

    /**
     * Per-parameter state tensors (momentum buffers, moment estimates...) keyed "index.name" with the parameter's
     * index in {@link #params()}, as torch's state_dict()["state"]; the tensors themselves, not copies.
     */
    public abstract Map<String, Tensor> stateTensors();

    /** Everything else needed to resume: per-group hyper-parameters, step counts. JSON-friendly values only. */
    public abstract Map<String, Object> stateMeta();

    /** Restores what {@link #stateTensors()} and {@link #stateMeta()} returned (a clear error if they do not fit). */
    public abstract void loadState(Map<String, Tensor> tensors, Map<String, Object> meta);
}
