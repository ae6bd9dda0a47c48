package dev.nabla.optim;

import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adagrad, as torch.optim.Adagrad (1.13): d = g + weight_decay * p; sum += d²;
 * p -= lr / (1 + (t - 1) * lr_decay) * d / (sqrt(sum) + eps), sum starting at initial_accumulator_value.
 * Make one with {@code Adagrad.of(params).lr(0.01).build()}.
 */
public final class Adagrad extends ElementwiseOptimizer {
    private static final Map<String, Double> DEFAULTS = Map.of("lr", 1e-2, "lr_decay", 0.0, "weight_decay", 0.0,
            "initial_accumulator_value", 0.0, "eps", 1e-10, "maximize", 0.0);

    private Adagrad(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
    }

    public static Builder of(List<Tensor> params) {
        return new Builder(single(params));
    }

    public static Builder of(ParamGroup... groups) {
        return new Builder(List.of(groups));
    }

    public static Builder ofGroups(List<ParamGroup> groups) {
        return new Builder(groups);
    }

    public static final class Builder extends OptimizerBuilder<Builder, Adagrad> {
        private Builder(List<ParamGroup> groups) {
            super(groups, DEFAULTS);
        }

        public Builder lrDecay(double lrDecay) {
            return set("lr_decay", lrDecay);
        }

        public Builder initialAccumulatorValue(double v) {
            return set("initial_accumulator_value", v);
        }

        public Builder eps(double eps) {
            return set("eps", eps);
        }

        @Override
        public Adagrad build() {
            return new Adagrad(groups, defaults);
        }
    }

    @Override
    protected void validate(ParamGroup g) {
        check(g, "lr", 0, Double.POSITIVE_INFINITY, false);
        check(g, "lr_decay", 0, Double.POSITIVE_INFINITY, false);
        check(g, "weight_decay", 0, Double.POSITIVE_INFINITY, false);
        check(g, "initial_accumulator_value", 0, Double.POSITIVE_INFINITY, false);
        check(g, "eps", 0, Double.POSITIVE_INFINITY, false);
        checkFlag(g, "maximize");
    }

    @Override
    protected Set<String> bufferNames() {
        return Set.of("sum");
    }

    @Override
    protected void update(ParamGroup group, ParamState state, int[] shape, float[] p, int po, float[] g, int go, int n) {
        float negClr = (float) -(group.lr() / (1 + (state.step() - 1) * group.get("lr_decay")));
        float wd = (float) group.get("weight_decay"), eps = (float) group.get("eps");
        float sign = group.flag("maximize") ? -1f : 1f;
        float[] sum = state.buffer("sum", shape, (float) group.get("initial_accumulator_value"));
        Parallel.forRange(n, GRAIN, (a, b) -> adagrad(p, po, g, go, sum, sign, wd, eps, negClr, a, b));
    }

    // p, g, sum: the same n elements, p from po, g from go, sum from 0
    private static void adagrad(float[] p, int po, float[] g, int go, float[] sum, float sign, float wd, float eps, float negClr, int a, int b) {
        for (int i = a; i < b; i++) {
            float w = p[po + i];
            float d = g[go + i] * sign + wd * w;
            float s = sum[i] + d * d;
            sum[i] = s;
            p[po + i] = w + negClr * d / ((float) Math.sqrt(s) + eps);
        }
    }
}
