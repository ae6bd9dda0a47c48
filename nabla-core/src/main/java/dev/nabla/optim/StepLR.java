package dev.nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/** lr = base_lr * gamma^(epoch / step_size), as torch.optim.lr_scheduler.StepLR. */
public final class StepLR extends LRScheduler {
    private int stepSize;
    private double gamma;

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) throw new IllegalArgumentException("StepLR: step_size must be >= 1, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialize();
    }

    /** gamma 0.1, as torch. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    protected double lrAt(int group, int epoch) {
        return baseLrs[group] * Math.pow(gamma, epoch / stepSize);
    }

    @Override
    protected Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step_size", stepSize);
        m.put("gamma", gamma);
        return m;
    }

    @Override
    protected void loadHyperParameters(Map<String, Object> meta) {
        int s = (int) num("StepLR.loadState", meta, "step_size");
        if (s < 1) throw new IllegalArgumentException("StepLR.loadState: step_size must be >= 1, got " + s);
        stepSize = s;
        gamma = num("StepLR.loadState", meta, "gamma");
    }
}
