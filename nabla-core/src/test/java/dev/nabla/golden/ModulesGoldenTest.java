package dev.nabla.golden;

import dev.nabla.io.Json;
import dev.nabla.nn.*;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays tools/goldens/modules.py: builds each nabla module with the recorded config, loads PyTorch's state dict
 * (strict), runs one forward in the recorded mode and a backward with the recorded upstream gradient, then compares
 * the output, input gradients, parameter gradients, buffers after the forward, the state dict's key order and the repr.
 */
class ModulesGoldenTest {
    private static final Generator G = new Generator(0); // initial values are overwritten by the loaded state

    private static int[] i2(Args a, String k, int[] dflt) {
        return a.ints(k, dflt);
    }

    /** momentum=None (cumulative average) arrives as the key "momentum" with a null value. */
    private static Float momentum(Args a) {
        return a.b("momentum_none", false) ? null : a.f("momentum", 0.1f);
    }

    private static Reduction red(Args a) {
        return Reduction.of(a.s("reduction", "mean"));
    }

    /** How nabla builds each module from PyTorch's constructor keywords: one line each. */
    private static final Map<String, Function<Args, Module>> BUILD = Map.ofEntries(
            entry("Linear", a -> new Linear(a.i("in_features"), a.i("out_features"), a.b("bias", true), G)),
            entry("Embedding", a -> new Embedding(a.i("num_embeddings"), a.i("embedding_dim"), a.has("padding_idx") ? a.i("padding_idx") : null, G)),
            entry("Conv1d", a -> new Conv1d(a.i("in_channels"), a.i("out_channels"), a.i("kernel_size"), a.i("stride", 1), a.i("padding", 0),
                    a.i("dilation", 1), a.i("groups", 1), a.b("bias", true), G)),
            entry("Conv2d", a -> new Conv2d(a.i("in_channels"), a.i("out_channels"), a.ints("kernel_size"), i2(a, "stride", new int[] {1}),
                    i2(a, "padding", new int[] {0}), i2(a, "dilation", new int[] {1}), a.i("groups", 1), a.b("bias", true), G)),
            entry("MaxPool2d", a -> new MaxPool2d(a.ints("kernel_size"), a.has("stride") ? a.ints("stride") : null, i2(a, "padding", new int[] {0}))),
            entry("AvgPool2d", a -> new AvgPool2d(a.ints("kernel_size"), a.has("stride") ? a.ints("stride") : null, i2(a, "padding", new int[] {0}),
                    a.b("count_include_pad", true))),
            entry("AdaptiveAvgPool2d", a -> new AdaptiveAvgPool2d(a.ints("output_size"))),
            entry("BatchNorm1d", a -> new BatchNorm1d(a.i("num_features"), a.f("eps", 1e-5f), momentum(a), a.b("affine", true), a.b("track_running_stats", true))),
            entry("BatchNorm2d", a -> new BatchNorm2d(a.i("num_features"), a.f("eps", 1e-5f), momentum(a), a.b("affine", true), a.b("track_running_stats", true))),
            entry("LayerNorm", a -> new LayerNorm(a.ints("normalized_shape"), a.f("eps", 1e-5f), a.b("elementwise_affine", true))),
            entry("Dropout", a -> new Dropout(a.f("p", 0.5f), new Generator(0))),
            entry("Flatten", a -> new Flatten(a.i("start_dim", 1), a.i("end_dim", -1))),
            entry("ReLU", a -> new ReLU()),
            entry("LeakyReLU", a -> new LeakyReLU(a.f("negative_slope", 0.01f))),
            entry("GELU", a -> new GELU(a.s("approximate", "none"))),
            entry("Tanh", a -> new Tanh()),
            entry("Sigmoid", a -> new Sigmoid()),
            entry("SiLU", a -> new SiLU()),
            entry("Softplus", a -> new Softplus(a.f("beta", 1f), a.f("threshold", 20f))),
            entry("Softmax", a -> new Softmax(a.i("dim"))),
            entry("LogSoftmax", a -> new LogSoftmax(a.i("dim"))),
            entry("Identity", a -> new Identity()),
            entry("Bilinear", a -> new Bilinear(a.i("in1_features"), a.i("in2_features"), a.i("out_features"), a.b("bias", true), G)),
            entry("MSELoss", a -> new MSELoss(red(a))),
            entry("L1Loss", a -> new L1Loss(red(a))),
            entry("CrossEntropyLoss", a -> new CrossEntropyLoss(a.i("ignore_index", -100), a.f("label_smoothing", 0f), red(a))),
            entry("NLLLoss", a -> new NLLLoss(a.i("ignore_index", -100), red(a))),
            entry("BCEWithLogitsLoss", a -> new BCEWithLogitsLoss(a.has("pos_weight_shape") ? Tensor.zeros(a.ints("pos_weight_shape")) : null, red(a))),
            entry("SmallCNN", a -> new Sequential(new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(16, 3))));

    /** One forward, whatever the module takes: a loss (input, target), Bilinear (x1, x2), ids, or one tensor. */
    private static Tensor forward(Module m, List<Object> in) {
        if (m instanceof Loss l)
            return in.get(1) instanceof IntTensor t ? l.forward((Tensor) in.get(0), t) : l.forward((Tensor) in.get(0), (Tensor) in.get(1));
        if (m instanceof Bilinear b) return b.forward((Tensor) in.get(0), (Tensor) in.get(1));
        if (in.get(0) instanceof IntTensor ids) return m.forward(ids);
        return m.forward((Tensor) in.get(0));
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> goldens() throws IOException {
        Map<String, Object> root;
        try (InputStream in = getClass().getResourceAsStream("/goldens/modules.json")) {
            if (in == null) throw new IllegalStateException("no golden file; run /usr/bin/python3 tools/goldens/make_goldens.py modules");
            root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return ((List<Map<String, Object>>) root.get("cases")).stream()
                .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> run(c)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> tensors(Object pairs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (List<Object> kv : (List<List<Object>>) pairs)
            out.put((String) kv.get(0), kv.get(1) == null ? null : Golden.floatTensor((Map<String, Object>) kv.get(1)));
        return out;
    }

    private static double num(Map<String, Object> c, String k) {
        return ((Number) c.get(k)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static void run(Map<String, Object> c) {
        String name = (String) c.get("name"), module = (String) c.get("module");
        Function<Args, Module> build = BUILD.get(module);
        if (build == null) fail("no nabla builder for golden module " + module);
        List<Object> inputs = new ArrayList<>();
        for (Map<String, Object> a : (List<Map<String, Object>>) c.get("args")) {
            if (Golden.isInt(a)) inputs.add(Golden.intTensor(a));
            else {
                Tensor t = Golden.input(a);
                if (Boolean.TRUE.equals(a.get("grad"))) t.requiresGrad(true);
                inputs.add(t);
            }
        }
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) c.get("config"));
        if (config.containsKey("momentum") && config.get("momentum") == null) config.put("momentum_none", true);
        Args cfg = new Args(List.of(), config);
        boolean train = (Boolean) c.get("train");
        if (Boolean.TRUE.equals(c.get("error"))) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> {
                Module m = build.apply(cfg);
                m.train(train);
                forward(m, inputs);
            }, name + ": PyTorch rejects this case, nabla must too");
            assertTrue(e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException, name + ": expected IllegalArgumentException or IndexOutOfBoundsException, got " + e);
            assertNotNull(e.getMessage());
            return;
        }
        Module m = build.apply(cfg);
        assertEquals(c.get("repr"), m.toString(), name + ": repr");
        Map<String, Tensor> state = tensors(c.get("state"));
        assertEquals(List.copyOf(state.keySet()), List.copyOf(m.stateDict().keySet()), name + ": state dict keys, in order");
        m.loadStateDict(state, true);
        m.train(train);
        Tensor out = forward(m, inputs);
        double atol = num(c, "atol"), rtol = num(c, "rtol"), gatol = num(c, "grad_atol"), grtol = num(c, "grad_rtol");
        GoldenCheck.assertClose(name + " output", Golden.floatTensor((Map<String, Object>) c.get("output")), out, atol, rtol);
        Map<String, Tensor> wantBuffers = tensors(c.get("buffers")), gotBuffers = m.namedBuffers();
        assertEquals(List.copyOf(wantBuffers.keySet()), List.copyOf(gotBuffers.keySet()), name + ": buffer names");
        wantBuffers.forEach((k, v) -> GoldenCheck.assertClose(name + " buffer " + k + " after the forward", v, gotBuffers.get(k), atol, rtol));
        if (c.get("upstream") == null) return;
        if (!out.requiresGrad()) fail(name + ": PyTorch's output is in the graph, nabla's is not");
        out.mul(Golden.floatTensor((Map<String, Object>) c.get("upstream"))).sum().backward();
        List<Map<String, Object>> grads = (List<Map<String, Object>>) c.get("grads");
        for (int i = 0; i < inputs.size(); i++) {
            if (!(inputs.get(i) instanceof Tensor x) || !x.requiresGrad()) continue;
            Map<String, Object> want = grads.get(i);
            if (want == null) {
                if (x.grad() != null) GoldenCheck.assertClose(name + " grad of input " + i, Tensor.zerosLike(x), x.grad(), 0, 0);
            } else {
                assertNotNull(x.grad(), name + ": no gradient reached input " + i);
                GoldenCheck.assertClose(name + " grad of input " + i, Golden.floatTensor(want), x.grad(), gatol, grtol);
            }
        }
        Map<String, Tensor> params = m.namedParameters();
        tensors(c.get("param_grads")).forEach((k, want) -> {
            Tensor p = params.get(k);
            assertNotNull(p, name + ": no parameter " + k);
            if (want == null) {
                if (p.grad() != null) GoldenCheck.assertClose(name + " grad of " + k, Tensor.zerosLike(p), p.grad(), 0, 0);
            } else {
                assertNotNull(p.grad(), name + ": no gradient reached parameter " + k);
                GoldenCheck.assertClose(name + " grad of " + k, want, p.grad(), gatol, grtol);
            }
        });
    }
}
