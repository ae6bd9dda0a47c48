package dev.nabla.optim;

import dev.nabla.tensor.Tensor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AdamW, as torch.optim.AdamW (1.13): Adam with decoupled weight decay, p *= 1 - lr * weight_decay before the Adam
 * update (default weight_decay 0.01). Make one with {@code AdamW.of(params).lr(3e-4).weightDecay(0.1).build()}.
 */
public final class AdamW extends ElementwiseOptimizer {
    private static final Map<String, Double> DEFAULTS = withDecay();

    private static Map<String, Double> withDecay() {
        Map<String, Double> d = new HashMap<>(Adam.DEFAULTS);
        d.put("weight_decay", 1e-2);
        return Map.copyOf(d);
    }

    private AdamW(List<ParamGroup> groups, Map<String, Double> defaults) {
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

    public static final class Builder extends OptimizerBuilder<Builder, AdamW> {
        private Builder(List<ParamGroup> groups) {
            super(groups, DEFAULTS);
        }

        public Builder betas(double beta1, double beta2) {
            return set("beta1", beta1).set("beta2", beta2);
        }

        public Builder eps(double eps) {
            return set("eps", eps);
        }

        public Builder amsgrad(boolean amsgrad) {
            return set("amsgrad", amsgrad);
        }

        @Override
        public AdamW build() {
            return new AdamW(groups, defaults);
        }
    }

    @Override
    protected void validate(ParamGroup g) {
        Adam.validateAdam(this, g);
    }

    @Override
    protected Set<String> bufferNames() {
        return Adam.BUFFERS;
    }

    @Override
    protected void update(ParamGroup group, ParamState state, int[] shape, float[] p, int po, float[] g, int go, int n) {
        Adam.run(group, state, shape, p, po, g, go, n, (float) (1 - group.lr() * group.get("weight_decay")), 0f);
    }
}
