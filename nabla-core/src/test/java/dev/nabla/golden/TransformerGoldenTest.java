package dev.nabla.golden;

import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.Module;
import dev.nabla.nn.MultiheadAttention;
import dev.nabla.nn.Transformer;
import dev.nabla.nn.TransformerDecoder;
import dev.nabla.nn.TransformerDecoderLayer;
import dev.nabla.nn.TransformerEncoder;
import dev.nabla.nn.TransformerEncoderLayer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Replays tools/goldens/transformer.py: torch's Transformer encoder and decoder layers (post- and pre-norm, relu and
 * gelu, sequence or batch first, unbatched, boolean and float masks, causal tgt masks, key padding masks), 2-layer
 * stacks and a whole nn.Transformer, with torch's weights loaded by name (state dict names in order, repr, output,
 * gradients of the inputs and of every parameter).
 */
class TransformerGoldenTest {
    @TestFactory
    Stream<DynamicTest> goldens() throws IOException {
        return ModuleGoldens.cases("transformer").stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> run(c)));
    }

    private static TransformerEncoderLayer encoderLayer(Args a) {
        return new TransformerEncoderLayer(a.i("d_model"), a.i("nhead"), a.i("dim_feedforward"), a.f("dropout", 0f),
                a.s("activation"), 1e-5f, a.b("batch_first", false), a.b("norm_first", false), new Generator(0));
    }

    private static TransformerDecoderLayer decoderLayer(Args a) {
        return new TransformerDecoderLayer(a.i("d_model"), a.i("nhead"), a.i("dim_feedforward"), a.f("dropout", 0f),
                a.s("activation"), 1e-5f, a.b("batch_first", false), a.b("norm_first", false), new Generator(0));
    }

    @SuppressWarnings("unchecked")
    private static void run(Map<String, Object> c) {
        String name = (String) c.get("name"), kind = (String) c.get("kind");
        Args cfg = new Args(List.of(), (Map<String, Object>) c.get("config"));
        List<String> names = (List<String>) c.get("names"), boolMasks = (List<String>) c.get("bool_masks");
        List<Map<String, Object>> args = (List<Map<String, Object>>) c.get("args");
        List<Tensor> inputs = new ArrayList<>(); // the differentiable inputs, in the recorded order
        Map<String, Tensor> f = new HashMap<>();
        Map<String, IntTensor> pad = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n.endsWith("key_padding_mask")) pad.put(n, Golden.intTensor(args.get(i)));
            else if (boolMasks.contains(n)) f.put(n, MultiheadAttention.additiveMask(Golden.intTensor(args.get(i))));
            else if (n.endsWith("mask")) f.put(n, Golden.floatTensor(args.get(i)));
            else {
                Tensor x = Golden.floatTensor(args.get(i)).requiresGrad(true);
                inputs.add(x);
                f.put(n, x);
            }
        }
        Module m;
        Tensor out;
        switch (kind) {
            case "encoder_layer" -> {
                var l = encoderLayer(cfg);
                m = load(c, l);
                out = l.forward(f.get("src"), f.get("src_mask"), pad.get("src_key_padding_mask"));
            }
            case "decoder_layer" -> {
                var l = decoderLayer(cfg);
                m = load(c, l);
                out = l.forward(f.get("tgt"), f.get("memory"), f.get("tgt_mask"), f.get("memory_mask"),
                        pad.get("tgt_key_padding_mask"), pad.get("memory_key_padding_mask"));
            }
            case "encoder" -> {
                var e = new TransformerEncoder(encoderLayer(cfg), (int) ModuleGoldens.num(c, "num_layers"),
                        (Boolean) c.get("norm") ? new LayerNorm(cfg.i("d_model")) : null);
                m = load(c, e);
                out = e.forward(f.get("src"), f.get("mask"), pad.get("src_key_padding_mask"));
            }
            case "decoder" -> {
                var d = new TransformerDecoder(decoderLayer(cfg), (int) ModuleGoldens.num(c, "num_layers"),
                        (Boolean) c.get("norm") ? new LayerNorm(cfg.i("d_model")) : null);
                m = load(c, d);
                out = d.forward(f.get("tgt"), f.get("memory"), f.get("tgt_mask"), f.get("memory_mask"),
                        pad.get("tgt_key_padding_mask"), pad.get("memory_key_padding_mask"));
            }
            case "transformer" -> {
                var t = new Transformer(cfg.i("d_model"), cfg.i("nhead"), cfg.i("num_encoder_layers"), cfg.i("num_decoder_layers"),
                        cfg.i("dim_feedforward"), cfg.f("dropout", 0f), "relu", 1e-5f, cfg.b("batch_first", false),
                        cfg.b("norm_first", false), new Generator(0));
                m = load(c, t);
                out = t.forward(f.get("src"), f.get("tgt"), f.get("src_mask"), f.get("tgt_mask"), f.get("memory_mask"),
                        pad.get("src_key_padding_mask"), pad.get("tgt_key_padding_mask"), pad.get("memory_key_padding_mask"));
            }
            default -> throw new AssertionError("unknown golden kind " + kind);
        }
        assertEquals(names.size(), pad.size() + f.size(), name + ": inputs read");
        ModuleGoldens.check(c, List.of(out), inputs, m.namedParameters());
    }

    /** Checks the repr and the state dict names (in order), then loads torch's weights. */
    private static Module load(Map<String, Object> c, Module m) {
        String name = (String) c.get("name");
        assertEquals(c.get("repr"), m.toString(), name + ": repr");
        Map<String, Tensor> state = ModuleGoldens.named(c.get("state"));
        assertEquals(List.copyOf(state.keySet()), List.copyOf(m.stateDict().keySet()), name + ": state dict keys, in order");
        m.loadStateDict(state, true);
        return m;
    }
}
