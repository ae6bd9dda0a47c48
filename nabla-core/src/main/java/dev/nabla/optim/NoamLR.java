package dev.nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The warmup + inverse-square-root schedule of "Attention Is All You Need" (section 5.3), the optimizer's lr being
 * the factor: lr = base_lr · d_model^-0.5 · min(n^-0.5, n · warmup^-1.5) with n = epoch + 1, so the first step
 * already has a non-zero rate. It rises linearly for warmup steps, peaks at base_lr · (d_model · warmup)^-0.5,
 * then decays as 1/√n. The same as torch's LambdaLR with that function of (epoch + 1).
 */
public final class NoamLR extends LRScheduler {
    private int dModel, warmupSteps;

    public NoamLR(Optimizer optimizer, int dModel, int warmupSteps) {
        super(optimizer);
        check(dModel, warmupSteps, "NoamLR");
        this.dModel = dModel;
        this.warmupSteps = warmupSteps;
        initialize();
    }

    private static void check(int dModel, int warmup, String who) {
        if (dModel <= 0 || warmup <= 0)
            throw new IllegalArgumentException(who + ": d_model and warmup_steps must be positive, got " + dModel + ", " + warmup);
    }

    /** The multiplier of base_lr at step {@code epoch}. */
    public static double factor(int dModel, int warmupSteps, int epoch) {
        double n = epoch + 1.0;
        return Math.pow(dModel, -0.5) * Math.min(Math.pow(n, -0.5), n * Math.pow(warmupSteps, -1.5));
    }

    @Override
    protected double lrAt(int group, int epoch) {
        return baseLrs[group] * factor(dModel, warmupSteps, epoch);
    }

    @Override
    protected Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("d_model", dModel);
        m.put("warmup_steps", warmupSteps);
        return m;
    }

    @Override
    protected void loadHyperParameters(Map<String, Object> meta) {
        String who = "NoamLR.loadState";
        int d = (int) num(who, meta, "d_model"), w = (int) num(who, meta, "warmup_steps");
        check(d, w, who);
        dModel = d;
        warmupSteps = w;
    }
}
