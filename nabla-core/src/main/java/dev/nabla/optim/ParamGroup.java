package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameters that share hyper-parameters (lr, weight_decay...), as one entry of torch's param_groups. */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Double> options = new LinkedHashMap<>();

    public ParamGroup(List<Tensor> params) {
        for (Tensor p : params)
            if (!p.isLeaf()) throw new IllegalArgumentException("ParamGroup: an optimizer can only update leaf tensors");
        this.params = List.copyOf(params);
    }

    public List<Tensor> params() {
        return params;
    }

    /** Sets a hyper-parameter of this group (overrides the optimizer's default). Returns this. */
    public ParamGroup set(String name, double value) {
        options.put(name, value);
        return this;
    }

    /** Sets a flag (nesterov, amsgrad...), stored as 1 or 0 like every option. Returns this. */
    public ParamGroup set(String name, boolean value) {
        return set(name, value ? 1.0 : 0.0);
    }

    /** A flag set with {@link #set(String, boolean)} (any non-zero value is true). */
    public boolean flag(String name) {
        return get(name) != 0;
    }

    public double get(String name) {
        Double v = options.get(name);
        if (v == null) throw new IllegalArgumentException("ParamGroup: no hyper-parameter '" + name + "' (has " + options.keySet() + ")");
        return v;
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public double lr() {
        return get("lr");
    }

    public void setLr(double lr) {
        set("lr", lr);
    }

    /** The hyper-parameters, in insertion order (read-only view). */
    public Map<String, Double> options() {
        return java.util.Collections.unmodifiableMap(options);
    }
}
