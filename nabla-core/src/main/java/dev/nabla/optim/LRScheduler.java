package dev.nabla.optim;

import java.util.List;
import java.util.Map;

/**
 * Sets each parameter group's learning rate from the step count, as torch.optim.lr_scheduler: construct it after
 * the optimizer (it records each group's initial lr), call {@link #step()} after each optimizer step (or epoch).
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
        apply();
    }

    /** The learning rate of group i at step {@code lastEpoch} (closed form, as torch's _get_closed_form_lr). */
    protected abstract double lrAt(int group, int epoch);

    /** Advances one step and updates the groups' learning rates. */
    public void step() {
        lastEpoch++;
        apply();
    }

    private void apply() {
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

    /** For checkpoints: the step count (subclasses add their own fields). */
    public Map<String, Object> stateMeta() {
        return Map.of("last_epoch", lastEpoch);
    }

    public void loadState(Map<String, Object> meta) {
        Object e = meta.get("last_epoch");
        if (!(e instanceof Number n)) throw new IllegalArgumentException("LRScheduler.loadState: no 'last_epoch' in " + meta.keySet());
        lastEpoch = n.intValue();
        apply();
    }
}
