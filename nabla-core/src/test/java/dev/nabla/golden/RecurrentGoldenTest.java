package dev.nabla.golden;

import dev.nabla.nn.*;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays tools/goldens/rnn.py: builds each recurrent layer or cell with the recorded config, checks its state dict
 * names (in order) and repr, loads PyTorch's weights by name (strict), runs the forward with the recorded input and
 * initial states, backpropagates the recorded upstream gradients of every output (sequence and final states), and
 * compares outputs, final states, and the gradients of the input, the initial states and every parameter.
 */
class RecurrentGoldenTest {
    private static final Generator G = new Generator(0); // initial values are overwritten by the loaded state

    private static Module build(String module, Args a) {
        int in = a.i("input_size"), h = a.i("hidden_size"), layers = a.i("num_layers", 1);
        boolean bias = a.b("bias", true), bf = a.b("batch_first", false), bi = a.b("bidirectional", false);
        float p = a.f("dropout", 0f);
        return switch (module) {
            case "RNNCell" -> new RNNCell(in, h, bias, a.s("nonlinearity", "tanh"), G);
            case "LSTMCell" -> new LSTMCell(in, h, bias, G);
            case "GRUCell" -> new GRUCell(in, h, bias, G);
            case "RNN" -> new RNN(in, h, layers, a.s("nonlinearity", "tanh"), bias, bf, p, bi, G);
            case "LSTM" -> new LSTM(in, h, layers, bias, bf, p, bi, G);
            case "GRU" -> new GRU(in, h, layers, bias, bf, p, bi, G);
            default -> throw new AssertionError("no nabla builder for golden module " + module);
        };
    }

    /** The module's outputs in PyTorch's order: (output, hn[, cn]) for layers, h'[, c'] for cells. */
    private static List<Tensor> forward(Module m, List<Tensor> in) {
        Tensor x = in.get(0), h0 = in.size() > 1 ? in.get(1) : null, c0 = in.size() > 2 ? in.get(2) : null;
        return switch (m) {
            case RNNCell cell -> List.of(cell.forward(x, h0));
            case GRUCell cell -> List.of(cell.forward(x, h0));
            case LSTMCell cell -> {
                LSTMCell.State s = cell.forward(x, h0 == null ? null : new LSTMCell.State(h0, c0));
                yield List.of(s.h(), s.c());
            }
            case LSTM l -> {
                RNNBase.Output o = l.forward(x, h0, c0);
                yield List.of(o.output(), o.hn(), o.cn());
            }
            case RNN r -> outs(r.forward(x, h0));
            case GRU r -> outs(r.forward(x, h0));
            default -> throw new AssertionError(m.getClass().getName());
        };
    }

    private static List<Tensor> outs(RNNBase.Output o) {
        return List.of(o.output(), o.hn());
    }

    @TestFactory
    Stream<DynamicTest> goldens() {
        return Golden.rawCases("rnn").stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> run(c)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> tensors(Object pairs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (List<Object> kv : (List<List<Object>>) pairs) out.put((String) kv.get(0), Golden.floatTensor((Map<String, Object>) kv.get(1)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Tensor> list(Object l) {
        List<Tensor> out = new ArrayList<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) l) out.add(Golden.floatTensor(t));
        return out;
    }

    private static double num(Map<String, Object> c, String k) {
        return ((Number) c.get(k)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static void run(Map<String, Object> c) {
        String name = (String) c.get("name");
        Module m = build((String) c.get("module"), new Args(List.of(), (Map<String, Object>) c.get("config")));
        assertEquals(c.get("repr"), m.toString(), name + ": repr");
        Map<String, Tensor> state = tensors(c.get("state"));
        assertEquals(List.copyOf(state.keySet()), List.copyOf(m.stateDict().keySet()), name + ": state dict keys, in order");
        m.loadStateDict(state, true);
        List<Tensor> inputs = list(c.get("args"));
        inputs.forEach(t -> t.requiresGrad(true));
        List<Tensor> outs = forward(m, inputs), want = list(c.get("outputs")), up = list(c.get("upstream"));
        assertEquals(want.size(), outs.size(), name + ": number of outputs");
        double atol = num(c, "atol"), rtol = num(c, "rtol"), gatol = num(c, "grad_atol"), grtol = num(c, "grad_rtol");
        Tensor loss = null;
        for (int i = 0; i < outs.size(); i++) {
            GoldenCheck.assertClose(name + " output " + i, want.get(i), outs.get(i), atol, rtol);
            Tensor term = outs.get(i).mul(up.get(i)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        List<Tensor> grads = list(c.get("grads"));
        for (int i = 0; i < inputs.size(); i++) {
            assertNotNull(inputs.get(i).grad(), name + ": no gradient reached input " + i);
            GoldenCheck.assertClose(name + " grad of input " + i, grads.get(i), inputs.get(i).grad(), gatol, grtol);
        }
        Map<String, Tensor> params = m.namedParameters();
        tensors(c.get("param_grads")).forEach((k, g) -> {
            Tensor p = params.get(k);
            assertNotNull(p, name + ": no parameter " + k);
            assertNotNull(p.grad(), name + ": no gradient reached parameter " + k);
            GoldenCheck.assertClose(name + " grad of " + k, g, p.grad(), gatol, grtol);
        });
    }

    /** A layer's state dict loads into a fresh layer of the same config under the same names and gives the same output. */
    @Test
    void stateDictRoundTrip() {
        LSTM a = new LSTM(4, 3, 2, true, true, new Generator(1)), b = new LSTM(4, 3, 2, true, true, new Generator(2));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"), List.copyOf(a.stateDict().keySet()));
        assertEquals(List.of(12, 6), List.of(a.stateDict().get("weight_ih_l1").shape()[0], a.stateDict().get("weight_ih_l1").shape()[1]));
        Tensor x = Tensor.randn(new Generator(3), 2, 5, 4);
        GoldenCheck.assertClose("different seeds differ", Tensor.zeros(1), Tensor.of(Math.abs(a.forward(x).sub(b.forward(x)).sum().item()) > 0 ? 0 : 1), 0, 0);
        var r = b.loadStateDict(a.stateDict(), true);
        assertEquals(List.of(), r.missingKeys());
        GoldenCheck.assertClose("loaded layer", a.forward(x), b.forward(x), 0, 0);
        assertThrows(IllegalArgumentException.class, () -> new GRU(4, 3).loadStateDict(a.stateDict(), true));
    }

    /** Default init is U(±1/√hidden) on every parameter, drawn from the seeded generator. */
    @Test
    void initBoundsAndSeed() {
        GRU a = new GRU(4, 16, 1, false, false, new Generator(7)), b = new GRU(4, 16, 1, false, false, new Generator(7));
        for (var e : a.stateDict().entrySet()) {
            for (float v : e.getValue().toArray())
                if (Math.abs(v) > 0.25f) fail(e.getKey() + " has " + v + " outside ±1/√16");
            GoldenCheck.assertClose(e.getKey() + " same seed", e.getValue(), b.stateDict().get(e.getKey()), 0, 0);
        }
    }

    @Test
    void badShapesNameTheProblem() {
        LSTM l = new LSTM(4, 3);
        assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(5, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(5, 2, 4), Tensor.zeros(2, 2, 3), null));
        assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(0, 2, 4)));
        assertThrows(IllegalArgumentException.class, () -> new GRUCell(4, 3).forward(Tensor.zeros(2, 4), Tensor.zeros(3, 3)));
        assertThrows(IllegalArgumentException.class, () -> new RNN(4, 3, 1, "sigmoid", true, false, 0f, false, G));
    }
}
