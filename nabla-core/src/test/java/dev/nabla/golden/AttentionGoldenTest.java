package dev.nabla.golden;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Replays tools/goldens/attention.py: scaled dot-product attention (boolean and additive masks, causal, T != S,
 * batch and head dims, the weights), torch.nn.MultiheadAttention with torch's weights loaded by name (state dict
 * names in order, repr, outputs, weights, gradients of the inputs and of every parameter), and the sinusoidal
 * positional encoding.
 */
class AttentionGoldenTest {
    @TestFactory
    Stream<DynamicTest> goldens() throws IOException {
        return ModuleGoldens.cases("attention").stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> run(c)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arg(Map<String, Object> c, int i) {
        return ((List<Map<String, Object>>) c.get("args")).get(i);
    }

    private static double num(Map<String, Object> c, String k) {
        return ModuleGoldens.num(c, k);
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
                Map<String, Tensor> state = ModuleGoldens.named(c.get("state"));
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
        ModuleGoldens.check(c, outs, inputs, params);
    }
}
