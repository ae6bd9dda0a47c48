package dev.nabla.optim;

import dev.nabla.io.Json;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoint round trips (bit-identical continuation), hyper-parameter errors, scheduler state. */
class OptimStateTest {
    static List<Tensor> params(long seed) {
        Generator g = new Generator(seed);
        // one large enough to be split across threads
        return List.of(Tensor.randn(g, 3, 4).requiresGrad(true), Tensor.randn(g, 70_000).requiresGrad(true), Tensor.randn(g, 5).requiresGrad(true));
    }

    static void grads(List<Tensor> ps, int step) {
        Generator g = new Generator(1000 + step);
        for (Tensor p : ps) p.setGrad(Tensor.randn(g, p.shape()));
        if (step % 3 == 1) ps.get(2).setGrad(null);
    }

    @SuppressWarnings("unchecked")
    static void roundTrip(Function<List<Tensor>, Optimizer> make) {
        List<Tensor> a = params(7);
        Optimizer oa = make.apply(a);
        LRScheduler sa = new WarmupCosineLR(oa, 2, 8, 0.1, 1e-5);
        for (int k = 0; k < 4; k++) {
            grads(a, k);
            oa.step();
            sa.step();
        }
        // checkpoint: copies of params and state tensors, meta through JSON text
        List<Tensor> b = new ArrayList<>();
        for (Tensor p : params(99)) b.add(p);
        for (int i = 0; i < a.size(); i++) b.get(i).detach().copy_(a.get(i));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        oa.stateTensors().forEach((k, v) -> tensors.put(k, v.contiguousCopy()));
        assertTrue(!tensors.isEmpty());
        Map<String, Object> meta = (Map<String, Object>) Json.parse(Json.write(oa.stateMeta(), 0));
        Map<String, Object> smeta = (Map<String, Object>) Json.parse(Json.write(sa.stateMeta(), 0));

        Optimizer ob = make.apply(b);
        LRScheduler sb = new WarmupCosineLR(ob, 2, 8, 0.1, 1e-5);
        ob.loadState(tensors, meta);
        sb.loadState(smeta);
        assertArrayEquals(sa.lastLr(), sb.lastLr());
        for (int k = 4; k < 9; k++) {
            grads(a, k);
            grads(b, k);
            oa.step();
            sa.step();
            ob.step();
            sb.step();
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).toArray(), b.get(i).toArray(), "step " + k + " param " + i);
        }
    }

    @Test
    void sgdRoundTrip() {
        roundTrip(ps -> SGD.of(ps).lr(0.1).momentum(0.9).nesterov(true).weightDecay(1e-3).build());
    }

    @Test
    void adamRoundTrip() {
        roundTrip(ps -> Adam.of(ps).amsgrad(true).weightDecay(0.01).build());
    }

    @Test
    void adamWTwoGroupsRoundTrip() {
        roundTrip(ps -> AdamW.of(new ParamGroup(List.of(ps.get(0), ps.get(1))).set("weight_decay", 0.1),
                new ParamGroup(List.of(ps.get(2))).set("weight_decay", 0)).lr(3e-4).build());
    }

    @Test
    void adagradRoundTrip() {
        roundTrip(ps -> Adagrad.of(ps).lrDecay(0.01).initialAccumulatorValue(0.1).build());
    }

    @Test
    void rmspropRoundTrip() {
        roundTrip(ps -> RMSprop.of(ps).centered(true).momentum(0.9).build());
    }

    @Test
    void stateKeysAreTorchNames() {
        List<Tensor> ps = params(1);
        Adam o = Adam.of(ps).build();
        grads(ps, 0);
        o.step();
        assertEquals(List.of("0.exp_avg", "0.exp_avg_sq", "1.exp_avg", "1.exp_avg_sq", "2.exp_avg", "2.exp_avg_sq"), List.copyOf(o.stateTensors().keySet()));
        Map<String, Object> meta = o.stateMeta();
        assertEquals("Adam", meta.get("optimizer"));
        assertEquals(Map.of("step", 1), ((Map<?, ?>) meta.get("state")).get("1"));
    }

    @Test
    void paramsWithoutGradAreSkipped() {
        List<Tensor> ps = params(2);
        float[] before = ps.get(0).toArray();
        SGD o = SGD.of(ps).lr(0.1).momentum(0.9).build();
        ps.get(1).setGrad(Tensor.onesLike(ps.get(1)));
        o.step();
        assertArrayEquals(before, ps.get(0).toArray());
        assertEquals(List.of("1.momentum_buffer"), List.copyOf(o.stateTensors().keySet()));
    }

    @Test
    void hyperParameterErrors() {
        List<Tensor> ps = params(3);
        assertMessage(() -> SGD.of(ps).build(), "SGD", "lr");
        assertMessage(() -> SGD.of(ps).lr(-0.1).build(), "SGD", "-0.1");
        assertMessage(() -> SGD.of(ps).lr(0.1).nesterov(true).build(), "SGD", "nesterov");
        assertMessage(() -> SGD.of(ps).lr(0.1).momentum(0.9).dampening(0.1).nesterov(true).build(), "SGD", "dampening");
        assertMessage(() -> SGD.of(ps).lr(0.1).momentum(-1).build(), "SGD", "-1.0");
        assertMessage(() -> Adam.of(ps).betas(1.0, 0.999).build(), "Adam", "beta1");
        assertMessage(() -> AdamW.of(ps).betas(0.9, -0.1).build(), "AdamW", "beta2");
        assertMessage(() -> Adam.of(ps).eps(-1e-8).build(), "Adam", "eps");
        assertMessage(() -> Adagrad.of(ps).lrDecay(-1).build(), "Adagrad", "lr_decay");
        assertMessage(() -> Adagrad.of(ps).initialAccumulatorValue(-1).build(), "Adagrad", "initial_accumulator_value");
        assertMessage(() -> RMSprop.of(ps).alpha(-0.5).build(), "RMSprop", "alpha");
        assertMessage(() -> RMSprop.of(ps).set("betas", 0.5), "RMSprop", "betas");
        assertMessage(() -> Adam.of(new ParamGroup(ps).set("momentum", 0.9)).build(), "Adam", "momentum");
        assertMessage(() -> Adam.of(new ParamGroup(ps).set("lr", -1)).build(), "Adam", "lr");
        assertMessage(() -> SGD.of(new ParamGroup(ps), new ParamGroup(List.of(ps.get(0)))).lr(0.1).build(), "SGD", "more than one group");
    }

    @Test
    void loadStateErrors() {
        List<Tensor> ps = params(4);
        Adam o = Adam.of(ps).build();
        grads(ps, 0);
        o.step();
        Map<String, Object> meta = o.stateMeta();
        Map<String, Tensor> t = new LinkedHashMap<>(o.stateTensors());
        SGD other = SGD.of(params(5)).lr(0.1).build();
        assertMessage(() -> other.loadState(t, meta), "SGD", "Adam");
        Map<String, Tensor> bad = new LinkedHashMap<>(t);
        bad.put("0.exp_avg", Tensor.zeros(4, 3));
        assertMessage(() -> o.loadState(bad, meta), "Adam", "shape");
        Map<String, Tensor> unknown = new LinkedHashMap<>(t);
        unknown.put("0.momentum_buffer", Tensor.zeros(3, 4));
        assertMessage(() -> o.loadState(unknown, meta), "Adam", "momentum_buffer");
        Map<String, Tensor> outOfRange = new LinkedHashMap<>(t);
        outOfRange.put("9.exp_avg", Tensor.zeros(3, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> o.loadState(outOfRange, meta));
    }

    @Test
    void schedulerErrorsAndState() {
        SGD o = SGD.of(params(6)).lr(0.1).build();
        assertMessage(() -> new StepLR(o, 0), "StepLR", "step_size");
        assertMessage(() -> new LinearLR(o, 0, 1, 5), "LinearLR", "start_factor");
        assertMessage(() -> new WarmupCosineLR(o, 10, 5, 0, 0), "WarmupCosineLR", "total_steps");
        assertMessage(() -> OneCycleLR.of(Adagrad.of(params(8)).build(), 0.1, 10).build(), "OneCycleLR", "momentum");
        OneCycleLR oc = OneCycleLR.of(SGD.of(params(9)).lr(0.1).momentum(0.9).build(), 0.1, 3).build();
        for (int i = 0; i < 3; i++) oc.step();
        assertThrows(IllegalStateException.class, oc::step);

        StepLR s = new StepLR(o, 3, 0.5);
        for (int i = 0; i < 7; i++) s.step();
        SGD o2 = SGD.of(params(6)).lr(0.1).build();
        StepLR s2 = new StepLR(o2, 10, 0.9);
        s2.loadState(s.stateMeta());
        assertArrayEquals(s.lastLr(), s2.lastLr());
        s.step();
        s2.step();
        assertArrayEquals(s.lastLr(), s2.lastLr());
        assertMessage(() -> s2.loadState(new ExponentialLR(SGD.of(params(6)).lr(0.1).build(), 0.9).stateMeta()), "StepLR", "ExponentialLR");
    }

    @Test
    void clipErrors() {
        assertMessage(() -> Clip.gradNorm(params(1), 1, 0), "Clip.gradNorm", "norm_type");
        assertMessage(() -> Clip.gradValue(params(1), -1), "Clip.gradValue", "clip_value");
        assertEquals(0.0, Clip.gradNorm(params(1), 1.0));
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String p : parts) assertTrue(ex.getMessage().contains(p), "message '" + ex.getMessage() + "' should mention " + p);
    }
}
