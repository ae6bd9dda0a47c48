package dev.nabla.golden;

import dev.nabla.io.Json;
import dev.nabla.nn.Attention;
import dev.nabla.nn.F;
import dev.nabla.nn.MultiheadAttention;
import dev.nabla.nn.SinusoidalPositionalEncoding;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Replays tools/goldens/attention.py: scaled dot-product attention (boolean and additive masks, causal, T != S,
 * batch and head dims, the weights), torch.nn.MultiheadAttention with torch's weights loaded by name (state dict
 * names in order, repr, outputs, weights, gradients of the inputs and of every parameter), and the sinusoidal
 * positional encoding.
 */
class AttentionGoldenTest {
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases() throws IOException {
        try (InputStream in = AttentionGoldenTest.class.getResourceAsStream("/goldens/attention.json")) {
            if (in == null) throw new IllegalStateException("no golden file; run /usr/bin/python3 tools/goldens/make_goldens.py attention");
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (List<Map<String, Object>>) root.get("cases");
        }
    }

    @TestFactory
    Stream<DynamicTest> goldens() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> run(c)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arg(Map<String, Object> c, int i) {
        return ((List<Map<String, Object>>) c.get("args")).get(i);
    }

    @SuppressWarnings("unchecked")
    private static List<Tensor> list(Object l) {
        List<Tensor> out = new ArrayList<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) l) out.add(t == null ? null : Golden.floatTensor(t));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> named(Object pairs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (List<Object> kv : (List<List<Object>>) pairs) out.put((String) kv.get(0), Golden.floatTensor((Map<String, Object>) kv.get(1)));
        return out;
    }

    private static double num(Map<String, Object> c, String k) {
        return ((Number) c.get(k)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static void run(Map<String, Object> c) {
        String name = (String) c.get("name"), kind = (String) c.get("kind");
        int nArgs = ((List<Object>) c.get("args")).size();
        List<Tensor> inputs = new ArrayList<>(); // the differentiable inputs, in the recorded order
        List<Tensor> outs;
        Map<String, Tensor> params = Map.of();
        switch (kind) {
            case "sdpa" -> {
                for (int i = 0; i < 3; i++) inputs.add(Golden.floatTensor(arg(c, i)).requiresGrad(true));
                String mask = (String) c.get("mask");
                Tensor additive = "float".equals(mask) ? Golden.floatTensor(arg(c, 3)) : null;
                IntTensor keep = "bool".equals(mask) ? Golden.intTensor(arg(c, 3)) : null;
                Float scale = c.get("scale") == null ? null : (float) num(c, "scale");
                Attention a = F.scaledDotProductAttentionWithWeights(inputs.get(0), inputs.get(1), inputs.get(2), additive, keep,
                        0f, (Boolean) c.get("causal"), scale, null);
                outs = List.of(a.output(), a.weights());
            }
            case "mha" -> {
                Args cfg = new Args(List.of(), (Map<String, Object>) c.get("config"));
                int e = cfg.i("embed_dim");
                MultiheadAttention m = new MultiheadAttention(e, cfg.i("num_heads"), cfg.f("dropout", 0f), cfg.b("bias", true),
                        cfg.b("add_bias_kv", false), cfg.b("add_zero_attn", false), cfg.i("kdim", e), cfg.i("vdim", e),
                        cfg.b("batch_first", false), new Generator(0));
                assertEquals(c.get("repr"), m.toString(), name + ": repr");
                Map<String, Tensor> state = named(c.get("state"));
                assertEquals(List.copyOf(state.keySet()), List.copyOf(m.stateDict().keySet()), name + ": state dict keys, in order");
                m.loadStateDict(state, true);
                params = m.namedParameters();
                boolean self = (Boolean) c.get("self_attention"), sameKv = (Boolean) c.get("same_kv");
                int i = 0;
                Tensor q = Golden.floatTensor(arg(c, i++)).requiresGrad(true);
                inputs.add(q);
                Tensor k = q, v;
                if (!self) inputs.add(k = Golden.floatTensor(arg(c, i++)).requiresGrad(true));
                v = k;
                if (!sameKv) inputs.add(v = Golden.floatTensor(arg(c, i++)).requiresGrad(true));
                IntTensor pad = (Boolean) c.get("key_padding_mask") ? Golden.intTensor(arg(c, i++)) : null;
                String am = (String) c.get("attn_mask");
                Tensor mask = am == null ? null : am.equals("bool")
                        ? MultiheadAttention.additiveMask(Golden.intTensor(arg(c, i++))) : Golden.floatTensor(arg(c, i++));
                assertEquals(nArgs, i, name + ": arguments read");
                boolean need = (Boolean) c.get("need_weights");
                Attention a = m.forward(q, k, v, pad, mask, need, (Boolean) c.get("average"));
                outs = need ? List.of(a.output(), a.weights()) : List.of(a.output());
            }
            case "sinusoidal" -> {
                inputs.add(Golden.floatTensor(arg(c, 0)).requiresGrad(true));
                var pe = new SinusoidalPositionalEncoding((int) num(c, "d_model"), (int) num(c, "max_len"), 0f, (Boolean) c.get("batch_first"), null);
                outs = List.of(pe.forward(inputs.get(0)));
            }
            default -> throw new AssertionError("unknown golden kind " + kind);
        }
        List<Tensor> want = list(c.get("outputs")), up = list(c.get("upstream"));
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
        Map<String, Tensor> ps = params;
        named(c.get("param_grads")).forEach((k, g) -> {
            Tensor p = ps.get(k);
            assertNotNull(p, name + ": no parameter " + k);
            assertNotNull(p.grad(), name + ": no gradient reached parameter " + k);
            GoldenCheck.assertClose(name + " grad of " + k, g, p.grad(), gatol, grtol);
        });
    }
}
