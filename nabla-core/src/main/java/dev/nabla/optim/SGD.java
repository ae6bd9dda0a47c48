package dev.nabla.optim;

import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.VectorOps;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent with momentum, as torch.optim.SGD (1.13): d = g + weight_decay * p;
 * buf = d on the first step, then buf = momentum * buf + (1 - dampening) * d; d = nesterov ? d + momentum * buf : buf;
 * p -= lr * d. Make one with {@code SGD.of(params).lr(0.1).momentum(0.9).build()}; lr has no default.
 */
public final class SGD extends ElementwiseOptimizer {
    private static final Map<String, Double> DEFAULTS = Map.of("lr", Double.NaN, "momentum", 0.0, "dampening", 0.0,
            "weight_decay", 0.0, "nesterov", 0.0, "maximize", 0.0);

    private SGD(List<ParamGroup> groups, Map<String, Double> defaults) {
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

    public static final class Builder extends OptimizerBuilder<Builder, SGD> {
        private Builder(List<ParamGroup> groups) {
            super(groups, DEFAULTS);
        }

        public Builder momentum(double momentum) {
            return set("momentum", momentum);
        }

        public Builder dampening(double dampening) {
            return set("dampening", dampening);
        }

        public Builder nesterov(boolean nesterov) {
            return set("nesterov", nesterov);
        }

        @Override
        public SGD build() {
            return new SGD(groups, defaults);
        }
    }

    @Override
    protected void validate(ParamGroup g) {
        if (Double.isNaN(g.lr())) throw new IllegalArgumentException("SGD: lr is required (no default)");
        check(g, "lr", 0, Double.POSITIVE_INFINITY, false);
        check(g, "momentum", 0, Double.POSITIVE_INFINITY, false);
        check(g, "dampening", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false);
        check(g, "weight_decay", 0, Double.POSITIVE_INFINITY, false);
        checkFlag(g, "nesterov");
        checkFlag(g, "maximize");
        if (g.flag("nesterov") && (g.get("momentum") <= 0 || g.get("dampening") != 0))
            throw new IllegalArgumentException("SGD: nesterov momentum requires a momentum > 0 and zero dampening, got momentum "
                    + g.get("momentum") + ", dampening " + g.get("dampening"));
    }

    @Override
    protected Set<String> bufferNames() {
        return Set.of("momentum_buffer");
    }

    @Override
    protected void update(ParamGroup group, ParamState state, int[] shape, float[] p, int po, float[] g, int go, int n) {
        float lr = (float) group.lr(), wd = (float) group.get("weight_decay"), mom = (float) group.get("momentum");
        float sign = group.flag("maximize") ? -1f : 1f;
        boolean nesterov = group.flag("nesterov");
        if (group.get("momentum") == 0) {
            Parallel.forRange(n, GRAIN, (a, b) -> plain(p, po, g, go, sign, wd, -lr, a, b));
            return;
        }
        boolean first = !state.has("momentum_buffer");
        float[] buf = state.buffer("momentum_buffer", shape, 0f);
        float keep = (float) (1 - group.get("dampening"));
        if (first) Parallel.forRange(n, GRAIN, (a, b) -> firstMomentum(p, po, g, go, buf, sign, wd, mom, nesterov, -lr, a, b));
        else Parallel.forRange(n, GRAIN, (a, b) -> momentum(p, po, g, go, buf, sign, wd, mom, keep, nesterov, -lr, a, b));
    }

    // p, g, buf: the same n elements, p from po, g from go, buf from 0

    private static void plain(float[] p, int po, float[] g, int go, float sign, float wd, float negLr, int a, int b) {
        for (int i = a; i < b; i++) {
            float w = p[po + i];
            float d = g[go + i] * sign + wd * w;
            p[po + i] = w + negLr * d;
        }
    }

    private static void firstMomentum(float[] p, int po, float[] g, int go, float[] buf, float sign, float wd, float mom,
                                      boolean nesterov, float negLr, int a, int b) {
        if (nesterov) {
            for (int i = a; i < b; i++) {
                float w = p[po + i];
                float d = g[go + i] * sign + wd * w;
                buf[i] = d;
                p[po + i] = w + negLr * (d + mom * d);
            }
        } else {
            for (int i = a; i < b; i++) {
                float w = p[po + i];
                float d = g[go + i] * sign + wd * w;
                buf[i] = d;
                p[po + i] = w + negLr * d;
            }
        }
    }

    private static void momentum(float[] p, int po, float[] g, int go, float[] buf, float sign, float wd, float mom,
                                 float keep, boolean nesterov, float negLr, int a, int b) {
        if (!nesterov && wd == 0f && sign == 1f) { // the common case as three vector passes: buf = mom·buf + keep·g, p += −lr·buf
            VectorOps v = VectorOps.get();
            v.scaleShift(buf, a, mom, 0f, buf, a, b - a);
            v.axpy(keep, g, go + a, buf, a, b - a);
            v.axpy(negLr, buf, a, p, po + a, b - a);
            return;
        }
        if (nesterov) {
            for (int i = a; i < b; i++) {
                float w = p[po + i];
                float d = g[go + i] * sign + wd * w;
                float m = buf[i] * mom + keep * d;
                buf[i] = m;
                p[po + i] = w + negLr * (d + mom * m);
            }
        } else {
            for (int i = a; i < b; i++) {
                float w = p[po + i];
                float d = g[go + i] * sign + wd * w;
                float m = buf[i] * mom + keep * d;
                buf[i] = m;
                p[po + i] = w + negLr * m;
            }
        }
    }
}
