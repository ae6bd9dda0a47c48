package dev.nabla.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 1cycle policy, as torch.optim.lr_scheduler.OneCycleLR: lr rises from max_lr / div_factor to max_lr over the
 * first pct_start of total_steps, then anneals to initial_lr / final_div_factor (three_phase: back to initial_lr
 * first, then down). With cycle_momentum the momentum (SGD, RMSprop) or beta1 (Adam, AdamW) moves the opposite way
 * between max_momentum and base_momentum. Stepping past total_steps is an error, as in torch.
 * Make one with {@code OneCycleLR.of(optimizer, 0.1, 1000).pctStart(0.25).build()}.
 */
public final class OneCycleLR extends LRScheduler {
    private double[] maxLrs;
    private int totalSteps;
    private double pctStart, divFactor, finalDivFactor, baseMomentum, maxMomentum;
    private boolean cosine, cycleMomentum, threePhase;
    private final String momentumKey;

    private OneCycleLR(Builder b) {
        super(b.optimizer);
        int n = baseLrs.length;
        if (b.maxLrs.length != 1 && b.maxLrs.length != n)
            throw new IllegalArgumentException("OneCycleLR: expected 1 or " + n + " max_lr values, got " + b.maxLrs.length);
        maxLrs = new double[n];
        for (int i = 0; i < n; i++) maxLrs[i] = b.maxLrs[b.maxLrs.length == 1 ? 0 : i];
        totalSteps = b.totalSteps;
        pctStart = b.pctStart;
        divFactor = b.divFactor;
        finalDivFactor = b.finalDivFactor;
        baseMomentum = b.baseMomentum;
        maxMomentum = b.maxMomentum;
        cosine = b.cosine;
        cycleMomentum = b.cycleMomentum;
        threePhase = b.threePhase;
        check("OneCycleLR");
        ParamGroup g0 = optimizer.paramGroups().get(0);
        momentumKey = g0.has("beta1") ? "beta1" : g0.has("momentum") ? "momentum" : null;
        if (cycleMomentum && momentumKey == null)
            throw new IllegalArgumentException("OneCycleLR: the optimizer has no momentum or beta1 to cycle; use cycleMomentum(false)");
        // the cycle, not the optimizer's lr, fixes the starting lr (torch overwrites initial_lr too)
        for (int i = 0; i < n; i++) {
            baseLrs[i] = maxLrs[i] / divFactor;
            optimizer.paramGroups().get(i).set("initial_lr", baseLrs[i]);
        }
        initialize();
    }

    private void check(String who) {
        if (totalSteps <= 0) throw new IllegalArgumentException(who + ": total_steps must be positive, got " + totalSteps);
        if (!(pctStart >= 0 && pctStart <= 1)) throw new IllegalArgumentException(who + ": pct_start must be in [0, 1], got " + pctStart);
        for (double m : maxLrs) if (!(m >= 0)) throw new IllegalArgumentException(who + ": invalid max_lr " + m);
        if (!(divFactor > 0)) throw new IllegalArgumentException(who + ": div_factor must be positive, got " + divFactor);
        if (!(finalDivFactor > 0)) throw new IllegalArgumentException(who + ": final_div_factor must be positive, got " + finalDivFactor);
    }

    public static Builder of(Optimizer optimizer, double maxLr, int totalSteps) {
        return new Builder(optimizer, new double[]{maxLr}, totalSteps);
    }

    /** One max_lr per parameter group. */
    public static Builder of(Optimizer optimizer, double[] maxLrs, int totalSteps) {
        return new Builder(optimizer, maxLrs.clone(), totalSteps);
    }

    public static final class Builder {
        private final Optimizer optimizer;
        private final double[] maxLrs;
        private final int totalSteps;
        private double pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4, baseMomentum = 0.85, maxMomentum = 0.95;
        private boolean cosine = true, cycleMomentum = true, threePhase = false;

        private Builder(Optimizer optimizer, double[] maxLrs, int totalSteps) {
            this.optimizer = optimizer;
            this.maxLrs = maxLrs;
            this.totalSteps = totalSteps;
        }

        public Builder pctStart(double v) {
            pctStart = v;
            return this;
        }

        /** "cos" (default) or "linear". */
        public Builder annealStrategy(String s) {
            if (!s.equals("cos") && !s.equals("linear"))
                throw new IllegalArgumentException("OneCycleLR: anneal_strategy must be 'cos' or 'linear', got '" + s + "'");
            cosine = s.equals("cos");
            return this;
        }

        public Builder divFactor(double v) {
            divFactor = v;
            return this;
        }

        public Builder finalDivFactor(double v) {
            finalDivFactor = v;
            return this;
        }

        public Builder cycleMomentum(boolean v) {
            cycleMomentum = v;
            return this;
        }

        public Builder baseMomentum(double v) {
            baseMomentum = v;
            return this;
        }

        public Builder maxMomentum(double v) {
            maxMomentum = v;
            return this;
        }

        public Builder threePhase(boolean v) {
            threePhase = v;
            return this;
        }

        public OneCycleLR build() {
            return new OneCycleLR(this);
        }
    }

    private double anneal(double start, double end, double pct) {
        return cosine ? end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
    }

    /** lr (which 0) or momentum (which 1) of group i at step t, through the phases as torch's get_lr. */
    private double at(int i, int t, int which) {
        double init = baseLrs[i], max = maxLrs[i], min = init / finalDivFactor;
        double[] ends, lrs, moms;
        if (threePhase) {
            ends = new double[]{pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
            lrs = new double[]{init, max, init, min};
            moms = new double[]{maxMomentum, baseMomentum, maxMomentum, maxMomentum};
        } else {
            ends = new double[]{pctStart * totalSteps - 1, totalSteps - 1};
            lrs = new double[]{init, max, min};
            moms = new double[]{maxMomentum, baseMomentum, maxMomentum};
        }
        double start = 0;
        for (int k = 0; k < ends.length; k++) {
            if (t <= ends[k] || k == ends.length - 1) {
                double pct = (t - start) / (ends[k] - start);
                return which == 0 ? anneal(lrs[k], lrs[k + 1], pct) : anneal(moms[k], moms[k + 1], pct);
            }
            start = ends[k];
        }
        throw new AssertionError();
    }

    @Override
    protected double lrAt(int group, int epoch) {
        return at(group, epoch, 0);
    }

    @Override
    protected void apply() {
        super.apply();
        if (!cycleMomentum) return;
        List<ParamGroup> gs = optimizer.paramGroups();
        for (int i = 0; i < gs.size(); i++) gs.get(i).set(momentumKey, at(i, lastEpoch, 1));
    }

    @Override
    public void step() {
        if (lastEpoch + 1 > totalSteps)
            throw new IllegalStateException("OneCycleLR: tried to step " + (lastEpoch + 2) + " times; total_steps is " + totalSteps);
        super.step();
    }

    @Override
    protected Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> mx = new ArrayList<>();
        for (double v : maxLrs) mx.add(v);
        m.put("max_lrs", mx);
        m.put("total_steps", totalSteps);
        m.put("pct_start", pctStart);
        m.put("anneal_strategy", cosine ? "cos" : "linear");
        m.put("div_factor", divFactor);
        m.put("final_div_factor", finalDivFactor);
        m.put("cycle_momentum", cycleMomentum);
        m.put("base_momentum", baseMomentum);
        m.put("max_momentum", maxMomentum);
        m.put("three_phase", threePhase);
        return m;
    }

    @Override
    protected void loadHyperParameters(Map<String, Object> meta) {
        String who = "OneCycleLR.loadState";
        if (!(meta.get("max_lrs") instanceof List<?> l) || l.size() != maxLrs.length)
            throw new IllegalArgumentException(who + ": expected " + maxLrs.length + " max_lrs, got " + meta.get("max_lrs"));
        double[] mx = new double[l.size()];
        for (int i = 0; i < mx.length; i++) mx[i] = num(who, "max_lrs", l.get(i));
        Object strategy = meta.get("anneal_strategy");
        if (!"cos".equals(strategy) && !"linear".equals(strategy))
            throw new IllegalArgumentException(who + ": anneal_strategy must be 'cos' or 'linear', got " + strategy);
        boolean cm = Boolean.TRUE.equals(meta.get("cycle_momentum")), tp = Boolean.TRUE.equals(meta.get("three_phase"));
        if (cm && momentumKey == null) throw new IllegalArgumentException(who + ": the optimizer has no momentum or beta1 to cycle");
        maxLrs = mx;
        totalSteps = (int) num(who, meta, "total_steps");
        pctStart = num(who, meta, "pct_start");
        divFactor = num(who, meta, "div_factor");
        finalDivFactor = num(who, meta, "final_div_factor");
        baseMomentum = num(who, meta, "base_momentum");
        maxMomentum = num(who, meta, "max_momentum");
        cosine = "cos".equals(strategy);
        cycleMomentum = cm;
        threePhase = tp;
        check(who);
    }
}
