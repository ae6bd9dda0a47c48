package dev.nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linear warmup then cosine decay, as used to train GPTs: for epoch < warmup,
 * lr = base_lr * (start + (1 - start) * epoch / warmup); then cosine from base_lr down to eta_min at total_steps;
 * eta_min afterwards. Up to total_steps it equals torch's SequentialLR([LinearLR(start_factor=start, total_iters=warmup),
 * CosineAnnealingLR(T_max=total - warmup, eta_min)], milestones=[warmup]); past it torch's cosine would rise again.
 */
public final class WarmupCosineLR extends LRScheduler {
    private int warmupSteps, totalSteps;
    private double startFactor, etaMin;

    /**
     * @param startFactor the fraction of base_lr at step 0 (0 is allowed: warmup from zero)
     * @param etaMin      the final lr (absolute, as torch's eta_min)
     */
    public WarmupCosineLR(Optimizer optimizer, int warmupSteps, int totalSteps, double startFactor, double etaMin) {
        super(optimizer);
        check(warmupSteps, totalSteps, startFactor, "WarmupCosineLR");
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.startFactor = startFactor;
        this.etaMin = etaMin;
        initialize();
    }

    private static void check(int warmup, int total, double start, String who) {
        if (warmup < 0) throw new IllegalArgumentException(who + ": warmup_steps must be >= 0, got " + warmup);
        if (total <= warmup)
            throw new IllegalArgumentException(who + ": total_steps (" + total + ") must exceed warmup_steps (" + warmup + ")");
        if (!(start >= 0 && start <= 1)) throw new IllegalArgumentException(who + ": start_factor must be in [0, 1], got " + start);
    }

    @Override
    protected double lrAt(int group, int epoch) {
        double base = baseLrs[group];
        if (epoch < warmupSteps) return base * (startFactor + (1 - startFactor) * epoch / warmupSteps);
        if (epoch >= totalSteps) return etaMin;
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * (epoch - warmupSteps) / (totalSteps - warmupSteps))) / 2;
    }

    @Override
    protected Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warmup_steps", warmupSteps);
        m.put("total_steps", totalSteps);
        m.put("start_factor", startFactor);
        m.put("eta_min", etaMin);
        return m;
    }

    @Override
    protected void loadHyperParameters(Map<String, Object> meta) {
        String who = "WarmupCosineLR.loadState";
        int w = (int) num(who, meta, "warmup_steps"), t = (int) num(who, meta, "total_steps");
        double s = num(who, meta, "start_factor");
        check(w, t, s, who);
        warmupSteps = w;
        totalSteps = t;
        startFactor = s;
        etaMin = num(who, meta, "eta_min");
    }
}
