package dev.nabla.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way optimizers are made: {@code SGD.of(model.parameters()).lr(0.05).momentum(0.9).build()}. The setters
 * give the optimizer's defaults; a {@link ParamGroup} passed to {@code of(...)} overrides any of them for its params.
 */
public abstract class OptimizerBuilder<B extends OptimizerBuilder<B, O>, O extends Optimizer> {
    protected final List<ParamGroup> groups;
    protected final Map<String, Double> defaults;

    protected OptimizerBuilder(List<ParamGroup> groups, Map<String, Double> defaults) {
        this.groups = groups;
        this.defaults = new LinkedHashMap<>(defaults);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Sets any default by its torch name. */
    public B set(String name, double value) {
        if (!defaults.containsKey(name))
            throw new IllegalArgumentException(optimizerName() + ": unknown hyper-parameter '" + name + "' (known: " + defaults.keySet() + ")");
        defaults.put(name, value);
        return self();
    }

    public B set(String name, boolean value) {
        return set(name, value ? 1.0 : 0.0);
    }

    public B lr(double lr) {
        return set("lr", lr);
    }

    public B weightDecay(double weightDecay) {
        return set("weight_decay", weightDecay);
    }

    /** Ascends the objective instead (torch's maximize). */
    public B maximize(boolean maximize) {
        return set("maximize", maximize);
    }

    public abstract O build();

    private String optimizerName() {
        String n = getClass().getName();
        return n.substring(n.lastIndexOf('.') + 1, n.lastIndexOf('$') > 0 ? n.lastIndexOf('$') : n.length());
    }
}
