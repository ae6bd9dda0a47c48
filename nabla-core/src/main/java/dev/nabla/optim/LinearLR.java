package dev.nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * lr = base_lr * (start + (end - start) * min(epoch, total_iters) / total_iters), as
 * torch.optim.lr_scheduler.LinearLR (defaults start 1/3, end 1, total_iters 5).
 */
public final class LinearLR extends LRScheduler {
    private double startFactor, endFactor;
    private int totalIters;

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        check(startFactor, endFactor, totalIters, "LinearLR");
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialize();
    }

    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    private static void check(double start, double end, int total, String who) {
        if (!(start > 0 && start <= 1))
            throw new IllegalArgumentException(who + ": start_factor must be in (0, 1], got " + start);
        if (!(end >= 0 && end <= 1))
            throw new IllegalArgumentException(who + ": end_factor must be in [0, 1], got " + end);
        if (total < 0) throw new IllegalArgumentException(who + ": total_iters must be >= 0, got " + total);
    }

    @Override
    protected double lrAt(int group, int epoch) {
        if (totalIters == 0) return baseLrs[group] * endFactor;
        return baseLrs[group] * (startFactor + (endFactor - startFactor) * Math.min(totalIters, epoch) / totalIters);
    }

    @Override
    protected Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start_factor", startFactor);
        m.put("end_factor", endFactor);
        m.put("total_iters", totalIters);
        return m;
    }

    @Override
    protected void loadHyperParameters(Map<String, Object> meta) {
        String who = "LinearLR.loadState";
        double s = num(who, meta, "start_factor"), e = num(who, meta, "end_factor");
        int t = (int) num(who, meta, "total_iters");
        check(s, e, t, who);
        startFactor = s;
        endFactor = e;
        totalIters = t;
    }
}
