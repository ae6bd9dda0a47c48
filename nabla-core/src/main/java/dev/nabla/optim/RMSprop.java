package dev.nabla.optim;

import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RMSprop, as torch.optim.RMSprop (1.13): d = g + weight_decay * p; sq = alpha sq + (1 - alpha) d²;
 * centered: ga = alpha ga + (1 - alpha) d, avg = sqrt(sq - ga²) + eps, else avg = sqrt(sq) + eps;
 * with momentum buf = momentum buf + d / avg, p -= lr * buf, else p -= lr * d / avg.
 * Make one with {@code RMSprop.of(params).lr(0.01).alpha(0.99).build()}.
 */
public final class RMSprop extends ElementwiseOptimizer {
    private static final Map<String, Double> DEFAULTS = Map.of("lr", 1e-2, "alpha", 0.99, "eps", 1e-8, "weight_decay", 0.0,
            "momentum", 0.0, "centered", 0.0, "maximize", 0.0);

    private RMSprop(List<ParamGroup> groups, Map<String, Double> defaults) {
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

    public static final class Builder extends OptimizerBuilder<Builder, RMSprop> {
        private Builder(List<ParamGroup> groups) {
            super(groups, DEFAULTS);
        }

        public Builder alpha(double alpha) {
            return set("alpha", alpha);
        }

        public Builder eps(double eps) {
            return set("eps", eps);
        }

        public Builder momentum(double momentum) {
            return set("momentum", momentum);
        }

        public Builder centered(boolean centered) {
            return set("centered", centered);
        }

        @Override
        public RMSprop build() {
            return new RMSprop(groups, defaults);
        }
    }

    @Override
    protected void validate(ParamGroup g) {
        check(g, "lr", 0, Double.POSITIVE_INFINITY, false);
        check(g, "eps", 0, Double.POSITIVE_INFINITY, false);
        check(g, "momentum", 0, Double.POSITIVE_INFINITY, false);
        check(g, "weight_decay", 0, Double.POSITIVE_INFINITY, false);
        check(g, "alpha", 0, Double.POSITIVE_INFINITY, false);
        checkFlag(g, "centered");
        checkFlag(g, "maximize");
    }

    @Override
    protected Set<String> bufferNames() {
        return Set.of("square_avg", "grad_avg", "momentum_buffer");
    }

    @Override
    protected void update(ParamGroup group, ParamState state, int[] shape, float[] p, int po, float[] g, int go, int n) {
        double alpha = group.get("alpha");
        float al = (float) alpha, c = (float) (1 - alpha), negLr = (float) -group.lr();
        float wd = (float) group.get("weight_decay"), eps = (float) group.get("eps"), mom = (float) group.get("momentum");
        float sign = group.flag("maximize") ? -1f : 1f;
        float[] sq = state.buffer("square_avg", shape, 0f);
        // torch keeps no grad_avg buffer when not centered: an empty array stands in for it
        float[] ga = group.flag("centered") ? state.buffer("grad_avg", shape, 0f) : null;
        boolean centered = ga != null;
        float[] gaa = centered ? ga : new float[0];
        if (group.get("momentum") > 0) {
            float[] buf = state.buffer("momentum_buffer", shape, 0f);
            Parallel.forRange(n, GRAIN, (a, b) -> withMomentum(p, po, g, go, sq, gaa, buf, centered, sign, wd, al, c, eps, mom, negLr, a, b));
        } else {
            Parallel.forRange(n, GRAIN, (a, b) -> plain(p, po, g, go, sq, gaa, centered, sign, wd, al, c, eps, negLr, a, b));
        }
    }

    // p, g, sq, ga, buf: the same n elements, p from po, g from go, the state buffers from 0 (ga only when centered)

    private static void plain(float[] p, int po, float[] g, int go, float[] sq, float[] ga, boolean centered, float sign, float wd,
                              float al, float c, float eps, float negLr, int a, int b) {
        if (centered) {
            for (int i = a; i < b; i++) {
                float w = p[po + i];
                float d = g[go + i] * sign + wd * w;
                float s = sq[i] * al + c * d * d;
                float m = ga[i] * al + c * d;
                sq[i] = s;
                ga[i] = m;
                float avg = (float) Math.sqrt(s + -1f * m * m) + eps;
                p[po + i] = w + negLr * d / avg;
            }
        } else {
            for (int i = a; i < b; i++) {
                float w = p[po + i];
                float d = g[go + i] * sign + wd * w;
                float s = sq[i] * al + c * d * d;
                sq[i] = s;
                float avg = (float) Math.sqrt(s) + eps;
                p[po + i] = w + negLr * d / avg;
            }
        }
    }

    private static void withMomentum(float[] p, int po, float[] g, int go, float[] sq, float[] ga, float[] buf, boolean centered,
                                     float sign, float wd, float al, float c, float eps, float mom, float negLr, int a, int b) {
        if (centered) {
            for (int i = a; i < b; i++) {
                float w = p[po + i];
                float d = g[go + i] * sign + wd * w;
                float s = sq[i] * al + c * d * d;
                float m = ga[i] * al + c * d;
                sq[i] = s;
                ga[i] = m;
                float avg = (float) Math.sqrt(s + -1f * m * m) + eps;
                float u = buf[i] * mom + d / avg;
                buf[i] = u;
                p[po + i] = w + negLr * u;
            }
        } else {
            for (int i = a; i < b; i++) {
                float w = p[po + i];
                float d = g[go + i] * sign + wd * w;
                float s = sq[i] * al + c * d * d;
                sq[i] = s;
                float avg = (float) Math.sqrt(s) + eps;
                float u = buf[i] * mom + d / avg;
                buf[i] = u;
                p[po + i] = w + negLr * u;
            }
        }
    }
}
