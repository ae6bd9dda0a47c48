package dev.nabla.optim;

import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adam, as torch.optim.Adam (1.13), weight decay as L2 (added to the gradient): m = beta1 m + (1 - beta1) g;
 * v = beta2 v + (1 - beta2) g²; p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps), with the running
 * maximum of v instead of v when amsgrad. Make one with {@code Adam.of(params).lr(1e-3).betas(0.9, 0.999).build()}.
 */
public final class Adam extends ElementwiseOptimizer {
    static final Map<String, Double> DEFAULTS = Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8,
            "weight_decay", 0.0, "amsgrad", 0.0, "maximize", 0.0);

    private Adam(List<ParamGroup> groups, Map<String, Double> defaults) {
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

    public static final class Builder extends OptimizerBuilder<Builder, Adam> {
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
        public Adam build() {
            return new Adam(groups, defaults);
        }
    }

    @Override
    protected void validate(ParamGroup g) {
        validateAdam(this, g);
    }

    static void validateAdam(ElementwiseOptimizer o, ParamGroup g) {
        o.check(g, "lr", 0, Double.POSITIVE_INFINITY, false);
        o.check(g, "eps", 0, Double.POSITIVE_INFINITY, false);
        o.check(g, "beta1", 0, 1, true);
        o.check(g, "beta2", 0, 1, true);
        o.check(g, "weight_decay", 0, Double.POSITIVE_INFINITY, false);
        o.checkFlag(g, "amsgrad");
        o.checkFlag(g, "maximize");
    }

    static final Set<String> BUFFERS = Set.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq");

    @Override
    protected Set<String> bufferNames() {
        return BUFFERS;
    }

    @Override
    protected void update(ParamGroup group, ParamState state, int[] shape, float[] p, int po, float[] g, int go, int n) {
        run(group, state, shape, p, po, g, go, n, 1f, (float) group.get("weight_decay"));
    }

    /** The shared Adam/AdamW update: p is first scaled by decay (AdamW), l2 is added to the gradient (Adam). */
    static void run(ParamGroup group, ParamState state, int[] shape, float[] p, int po, float[] g, int go, int n, float decay, float l2) {
        double lr = group.lr(), beta1 = group.get("beta1"), beta2 = group.get("beta2");
        int t = state.step();
        // scalars in double, then rounded to float, as torch computes them in Python and passes them to float kernels
        double stepSize = lr / (1 - Math.pow(beta1, t));
        float bc2 = (float) Math.sqrt(1 - Math.pow(beta2, t));
        float b1 = (float) beta1, c1 = (float) (1 - beta1), b2 = (float) beta2, c2 = (float) (1 - beta2);
        float eps = (float) group.get("eps"), negStep = (float) -stepSize;
        float sign = group.flag("maximize") ? -1f : 1f;
        float[] m = state.buffer("exp_avg", shape, 0f), v = state.buffer("exp_avg_sq", shape, 0f);
        if (group.flag("amsgrad")) {
            float[] vmax = state.buffer("max_exp_avg_sq", shape, 0f);
            Parallel.forRange(n, GRAIN, (a, b) -> amsgrad(p, po, g, go, m, v, vmax, sign, decay, l2, b1, c1, b2, c2, bc2, eps, negStep, a, b));
        } else {
            Parallel.forRange(n, GRAIN, (a, b) -> adam(p, po, g, go, m, v, sign, decay, l2, b1, c1, b2, c2, bc2, eps, negStep, a, b));
        }
    }

    // p, g, m, v, vmax: the same n elements, p from po, g from go, the state buffers from 0

    private static void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, float sign, float decay, float l2,
                             float b1, float c1, float b2, float c2, float bc2, float eps, float negStep, int a, int b) {
        for (int i = a; i < b; i++) {
            float w = p[po + i] * decay;
            float d = g[go + i] * sign + l2 * w;
            float mi = m[i] * b1 + c1 * d;
            float vi = v[i] * b2 + c2 * d * d;
            m[i] = mi;
            v[i] = vi;
            float den = (float) Math.sqrt(vi) / bc2 + eps;
            p[po + i] = w + negStep * mi / den;
        }
    }

    private static void amsgrad(float[] p, int po, float[] g, int go, float[] m, float[] v, float[] vmax, float sign, float decay,
                                float l2, float b1, float c1, float b2, float c2, float bc2, float eps, float negStep, int a, int b) {
        for (int i = a; i < b; i++) {
            float w = p[po + i] * decay;
            float d = g[go + i] * sign + l2 * w;
            float mi = m[i] * b1 + c1 * d;
            float vi = v[i] * b2 + c2 * d * d;
            float vm = Math.max(vmax[i], vi);
            m[i] = mi;
            v[i] = vi;
            vmax[i] = vm;
            float den = (float) Math.sqrt(vm) / bc2 + eps;
            p[po + i] = w + negStep * mi / den;
        }
    }
}
