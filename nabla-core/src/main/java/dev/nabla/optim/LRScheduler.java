package dev.nabla.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets each parameter group's learning rate from the step count, as torch.optim.lr_scheduler: construct it after
 * the optimizer (it records each group's initial lr), call {@link #step()} after each optimizer step (or epoch).
 *
 * <p>A subclass sets its own fields, then ends its constructor with {@link #initialize()}, which applies the lr of
 * step 0 (the base constructor cannot: {@link #lrAt} would run before the subclass's fields are set).
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final double[] baseLrs;
    protected int lastEpoch = 0;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        List<ParamGroup> gs = optimizer.paramGroups();
        baseLrs = new double[gs.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = gs.get(i);
            if (!g.has("initial_lr")) g.set("initial_lr", g.lr());
            baseLrs[i] = g.get("initial_lr");
        }
    }

    /** Applies the learning rate of step 0; the last line of a subclass's constructor. */
    protected final void initialize() {
        apply();
    }

    /** The learning rate of group i at step {@code epoch} (closed form, as torch's _get_closed_form_lr). */
    protected abstract double lrAt(int group, int epoch);

    /** Advances one step and updates the groups' learning rates. */
    public void step() {
        lastEpoch++;
        apply();
    }

    /** Sets every group's lr for {@link #lastEpoch}; subclasses that also set other options (momentum) extend it. */
    protected void apply() {
        List<ParamGroup> gs = optimizer.paramGroups();
        for (int i = 0; i < gs.size(); i++) gs.get(i).setLr(lrAt(i, lastEpoch));
    }

    /** The current learning rate of each group. */
    public double[] lastLr() {
        return optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
    }

    public int lastEpoch() {
        return lastEpoch;
    }

    /** The scheduler's own hyper-parameters, for {@link #stateMeta()} (JSON-friendly values). */
    protected Map<String, Object> hyperParameters() {
        return Map.of();
    }

    /** Restores what {@link #hyperParameters()} returned. */
    protected void loadHyperParameters(Map<String, Object> meta) {
    }

    /** For checkpoints: the scheduler's name, step count, base learning rates and hyper-parameters. */
    public Map<String, Object> stateMeta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheduler", getClass().getSimpleName());
        m.put("last_epoch", lastEpoch);
        List<Object> b = new ArrayList<>();
        for (double v : baseLrs) b.add(v);
        m.put("base_lrs", b);
        m.putAll(hyperParameters());
        return m;
    }

    public void loadState(Map<String, Object> meta) {
        String who = getClass().getSimpleName() + ".loadState";
        Object name = meta.get("scheduler");
        if (name != null && !name.equals(getClass().getSimpleName()))
            throw new IllegalArgumentException(who + ": the state is of a " + name);
        Object e = meta.get("last_epoch");
        if (!(e instanceof Number n)) throw new IllegalArgumentException(who + ": no 'last_epoch' in " + meta.keySet());
        if (meta.get("base_lrs") instanceof List<?> l) {
            if (l.size() != baseLrs.length)
                throw new IllegalArgumentException(who + ": " + l.size() + " base_lrs for " + baseLrs.length + " parameter groups");
            for (int i = 0; i < baseLrs.length; i++) baseLrs[i] = num(who, "base_lrs", l.get(i));
        }
        loadHyperParameters(meta);
        lastEpoch = n.intValue();
        apply();
    }

    /** A number from a state map, or a clear error. */
    protected static double num(String who, String key, Object v) {
        if (!(v instanceof Number n)) throw new IllegalArgumentException(who + ": '" + key + "' should be a number, not " + v);
        return n.doubleValue();
    }

    protected static double num(String who, Map<String, Object> meta, String key) {
        if (!meta.containsKey(key)) throw new IllegalArgumentException(who + ": no '" + key + "' in " + meta.keySet());
        return num(who, key, meta.get(key));
    }
}
