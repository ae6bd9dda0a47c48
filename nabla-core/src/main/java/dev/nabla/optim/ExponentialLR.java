package dev.nabla.optim;

import java.util.Map;

/** lr = base_lr * gamma^epoch, as torch.optim.lr_scheduler.ExponentialLR. */
public final class ExponentialLR extends LRScheduler {
    private double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialize();
    }

    @Override
    protected double lrAt(int group, int epoch) {
        return baseLrs[group] * Math.pow(gamma, epoch);
    }

    @Override
    protected Map<String, Object> hyperParameters() {
        return Map.of("gamma", gamma);
    }

    @Override
    protected void loadHyperParameters(Map<String, Object> meta) {
        gamma = num("ExponentialLR.loadState", meta, "gamma");
    }
}
