package dev.nabla.optim;

import dev.nabla.io.Json;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays tools/goldens/optim.py (torch 1.13): optimizer trajectories over 10 steps, scheduler lrs over 30 steps,
 * gradient clipping. Params within 1e-6 relative (+1e-7 absolute for values near zero), learning rates within
 * 1e-12 relative (both sides compute them in double; torch's recursive forms differ from the closed forms by a few ulps).
 */
class OptimGoldenTest {
    static final double P_RTOL = 1e-6, P_ATOL = 1e-7, LR_RTOL = 1e-12;

    static final Map<String, IntToDoubleFunction> LAMBDAS = Map.of(
            "pow095", e -> Math.pow(0.95, e),
            "inv", e -> 1.0 / (1 + e),
            "warm3", e -> Math.min(1.0, (e + 1) / 3.0));

    @SuppressWarnings("unchecked")
    static Map<String, Object> root() {
        try (InputStream in = OptimGoldenTest.class.getResourceAsStream("/goldens/optim.json")) {
            if (in == null) throw new IllegalStateException("no goldens/optim.json; run /usr/bin/python3 tools/goldens/make_goldens.py optim");
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static Tensor tensor(Map<String, Object> t) {
        List<?> s = (List<?>) t.get("shape"), d = (List<?>) t.get("data");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = ((Number) s.get(i)).intValue();
        float[] v = new float[d.size()];
        for (int i = 0; i < v.length; i++) v[i] = ((Number) d.get(i)).floatValue();
        return Tensor.wrap(v, shape);
    }

    /** A param with these values; the first param of every case is laid out transposed (non-contiguous) in storage. */
    static Tensor param(Map<String, Object> t, boolean transposed) {
        Tensor c = tensor(t);
        if (!transposed || c.dim() != 2) return c.requiresGrad(true);
        Tensor stored = c.transpose(0, 1).contiguousCopy();
        Tensor p = stored.transpose(0, 1).detach();
        if (p.isContiguous()) throw new AssertionError("expected a non-contiguous param");
        return p.requiresGrad(true);
    }

    static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    static Optimizer build(String kind, List<ParamGroup> groups, Map<String, Object> defaults) {
        OptimizerBuilder<?, ?> b = switch (kind) {
            case "SGD" -> SGD.ofGroups(groups);
            case "Adam" -> Adam.ofGroups(groups);
            case "AdamW" -> AdamW.ofGroups(groups);
            case "Adagrad" -> Adagrad.ofGroups(groups);
            case "RMSprop" -> RMSprop.ofGroups(groups);
            default -> throw new IllegalArgumentException(kind);
        };
        defaults.forEach((k, v) -> {
            if (v instanceof Boolean f) b.set(k, f);
            else b.set(k, num(v));
        });
        return b.build();
    }

    static ParamGroup group(List<Tensor> params, Map<String, Object> options) {
        ParamGroup g = new ParamGroup(params);
        options.forEach((k, v) -> {
            if (v instanceof Boolean f) g.set(k, f);
            else g.set(k, num(v));
        });
        return g;
    }

    static LRScheduler scheduler(Optimizer opt, Map<String, Object> spec) {
        Map<String, Object> a = spec.containsKey("args") ? map(spec.get("args")) : Map.of();
        return switch ((String) spec.get("type")) {
            case "StepLR" -> new StepLR(opt, (int) num(a.get("step_size")), a.containsKey("gamma") ? num(a.get("gamma")) : 0.1);
            case "ExponentialLR" -> new ExponentialLR(opt, num(a.get("gamma")));
            case "CosineAnnealingLR" -> new CosineAnnealingLR(opt, (int) num(a.get("T_max")), a.containsKey("eta_min") ? num(a.get("eta_min")) : 0);
            case "LinearLR" -> a.isEmpty() ? new LinearLR(opt)
                    : new LinearLR(opt, num(a.get("start_factor")), num(a.get("end_factor")), (int) num(a.get("total_iters")));
            case "WarmupCosineLR" -> new WarmupCosineLR(opt, (int) num(a.get("warmup_steps")), (int) num(a.get("total_steps")),
                    num(a.get("start_factor")), num(a.get("eta_min")));
            case "LambdaLR" -> {
                List<IntToDoubleFunction> fs = new ArrayList<>();
                for (Object n : (List<?>) spec.get("lambdas")) fs.add(LAMBDAS.get((String) n));
                yield new LambdaLR(opt, fs);
            }
            case "OneCycleLR" -> {
                Object mx = a.get("max_lr");
                OneCycleLR.Builder b;
                if (mx instanceof List<?> l) {
                    double[] m = new double[l.size()];
                    for (int i = 0; i < m.length; i++) m[i] = num(l.get(i));
                    b = OneCycleLR.of(opt, m, (int) num(a.get("total_steps")));
                } else {
                    b = OneCycleLR.of(opt, num(mx), (int) num(a.get("total_steps")));
                }
                if (a.containsKey("pct_start")) b.pctStart(num(a.get("pct_start")));
                if (a.containsKey("div_factor")) b.divFactor(num(a.get("div_factor")));
                if (a.containsKey("final_div_factor")) b.finalDivFactor(num(a.get("final_div_factor")));
                if (a.containsKey("three_phase")) b.threePhase((Boolean) a.get("three_phase"));
                if (a.containsKey("anneal_strategy")) b.annealStrategy((String) a.get("anneal_strategy"));
                if (a.containsKey("base_momentum")) b.baseMomentum(num(a.get("base_momentum")));
                if (a.containsKey("max_momentum")) b.maxMomentum(num(a.get("max_momentum")));
                if (a.containsKey("cycle_momentum")) b.cycleMomentum((Boolean) a.get("cycle_momentum"));
                yield b.build();
            }
            default -> throw new IllegalArgumentException("unknown scheduler " + spec.get("type"));
        };
    }

    static void close(String what, double expected, double actual, double rtol, double atol) {
        if (!(Math.abs(expected - actual) <= atol + rtol * Math.abs(expected)))
            fail(what + ": expected " + expected + ", got " + actual + " (diff " + Math.abs(expected - actual) + ")");
    }

    static void closeTensor(String what, Map<String, Object> expected, Tensor actual, double rtol, double atol) {
        float[] e = tensor(expected).toArray(), a = actual.toArray();
        assertEquals(e.length, a.length, what + ": size");
        for (int i = 0; i < e.length; i++) close(what + "[" + i + "]", e[i], a[i], rtol, atol);
    }

    /** Builds the case's optimizer (and scheduler) on fresh params; returns them. */
    record Run(List<Tensor> params, Optimizer opt, LRScheduler sched) {}

    static Run start(Map<String, Object> c) {
        List<Tensor> params = new ArrayList<>();
        List<Map<String, Object>> init = list(c.get("params"));
        for (int i = 0; i < init.size(); i++) params.add(param(init.get(i), i == 0));
        List<ParamGroup> groups = new ArrayList<>();
        for (Map<String, Object> g : list(c.get("groups"))) {
            List<Tensor> ps = new ArrayList<>();
            for (Object id : (List<?>) g.get("params")) ps.add(params.get(((Number) id).intValue()));
            groups.add(group(ps, map(g.get("options"))));
        }
        Optimizer opt = build((String) c.get("optimizer"), groups, map(c.get("defaults")));
        LRScheduler sched = c.get("scheduler") == null ? null : scheduler(opt, map(c.get("scheduler")));
        return new Run(params, opt, sched);
    }

    static void setGrads(Map<String, Object> c, List<Tensor> params, int step) {
        List<?> row = (List<?>) ((List<?>) c.get("grads")).get(step);
        for (int i = 0; i < params.size(); i++) params.get(i).setGrad(row.get(i) == null ? null : tensor(map(row.get(i))));
    }

    @TestFactory
    Stream<DynamicTest> optimizers() {
        return list(root().get("optimizers")).stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            Run r = start(c);
            List<Map<String, Object>> steps = list(c.get("steps"));
            for (int k = 0; k < steps.size(); k++) {
                setGrads(c, r.params(), k);
                List<?> lrs = (List<?>) steps.get(k).get("lr");
                for (int gi = 0; gi < lrs.size(); gi++)
                    close("step " + k + " group " + gi + " lr", num(lrs.get(gi)), r.opt().paramGroups().get(gi).lr(), LR_RTOL, 0);
                r.opt().step();
                if (r.sched() != null) r.sched().step();
                List<Map<String, Object>> after = list(steps.get(k).get("params"));
                for (int i = 0; i < after.size(); i++)
                    closeTensor("step " + k + " param " + i, after.get(i), r.params().get(i), P_RTOL, P_ATOL);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> schedulers() {
        return list(root().get("schedulers")).stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            List<?> lrs = (List<?>) c.get("group_lrs");
            List<ParamGroup> groups = new ArrayList<>();
            for (Object lr : lrs) groups.add(new ParamGroup(List.of(Tensor.zeros(2).requiresGrad(true))).set("lr", num(lr)));
            Optimizer opt = build((String) c.get("optimizer"), groups, map(c.get("optimizer_defaults")));
            LRScheduler s = scheduler(opt, map(c.get("scheduler")));
            String key = opt.paramGroups().get(0).has("beta1") ? "beta1" : "momentum";
            List<Map<String, Object>> rows = list(c.get("rows"));
            for (int k = 0; k < rows.size(); k++) {
                if (k > 0) s.step();
                assertEquals(k, s.lastEpoch());
                List<?> lr = (List<?>) rows.get(k).get("lr");
                double[] got = s.lastLr();
                for (int gi = 0; gi < lr.size(); gi++) close("epoch " + k + " group " + gi + " lr", num(lr.get(gi)), got[gi], LR_RTOL, 1e-18);
                if (rows.get(k).get("momentum") instanceof List<?> m)
                    for (int gi = 0; gi < m.size(); gi++)
                        close("epoch " + k + " group " + gi + " " + key, num(m.get(gi)), opt.paramGroups().get(gi).get(key), LR_RTOL, 0);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> clipping() {
        return list(root().get("clip")).stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            List<?> before = (List<?>) c.get("grads"), after = (List<?>) c.get("after");
            List<Tensor> params = new ArrayList<>();
            for (int i = 0; i < before.size(); i++) {
                Tensor p = Tensor.zeros(OptimGoldenTest.tensor(map(after.get(i) == null ? Map.of("shape", List.of(1), "data", List.of(0)) : after.get(i))).shape()).requiresGrad(true);
                if (before.get(i) != null) p.setGrad(tensor(map(before.get(i))));
                params.add(p);
            }
            if ("norm".equals(c.get("kind"))) {
                Object nt = c.get("norm_type");
                double normType = "inf".equals(nt) ? Double.POSITIVE_INFINITY : num(nt);
                double total = Clip.gradNorm(params, num(c.get("value")), normType);
                // per-gradient norms accumulate in double here, in float in torch
                close("total norm", num(c.get("total_norm")), total, 1e-6, 0);
            } else {
                Clip.gradValue(params, num(c.get("value")));
            }
            for (int i = 0; i < after.size(); i++) {
                if (after.get(i) == null) assertNull(params.get(i).grad(), "param " + i + " had no gradient");
                else closeTensor("grad " + i, map(after.get(i)), params.get(i).grad(), 1e-6, 1e-7);
            }
        }));
    }
}
