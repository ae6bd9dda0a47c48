package dev.nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * lr = eta_min + (base_lr - eta_min) (1 + cos(pi epoch / T_max)) / 2, as torch.optim.lr_scheduler.CosineAnnealingLR
 * (its closed form; past T_max the cosine rises again, as torch's).
 */
public final class CosineAnnealingLR extends LRScheduler {
    private int tMax;
    private double etaMin;

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) throw new IllegalArgumentException("CosineAnnealingLR: T_max must be >= 1, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialize();
    }

    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    @Override
    protected double lrAt(int group, int epoch) {
        return etaMin + (baseLrs[group] - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }

    @Override
    protected Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("T_max", tMax);
        m.put("eta_min", etaMin);
        return m;
    }

    @Override
    protected void loadHyperParameters(Map<String, Object> meta) {
        int t = (int) num("CosineAnnealingLR.loadState", meta, "T_max");
        if (t < 1) throw new IllegalArgumentException("CosineAnnealingLR.loadState: T_max must be >= 1, got " + t);
        tMax = t;
        etaMin = num("CosineAnnealingLR.loadState", meta, "eta_min");
    }
}
