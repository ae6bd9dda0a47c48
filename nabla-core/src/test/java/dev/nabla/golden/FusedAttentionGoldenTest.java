package dev.nabla.golden;

import dev.nabla.ops.FusedAttention;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Replays tools/goldens/fused_attention.py: FusedAttention on PyTorch's q, k, v, mask, causal and scale, its output
 * and, after the recorded upstream gradient, the gradients of q, k and v.
 */
class FusedAttentionGoldenTest {
    @TestFactory
    Stream<DynamicTest> goldens() {
        return Golden.rawCases("fused_attention").stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> run(c)));
    }

    @SuppressWarnings("unchecked")
    private static Tensor tensor(Map<String, Object> c, String key) {
        return c.get(key) == null ? null : Golden.floatTensor((Map<String, Object>) c.get(key));
    }

    @SuppressWarnings("unchecked")
    private static void run(Map<String, Object> c) {
        String name = (String) c.get("name");
        Tensor q = tensor(c, "q").requiresGrad(true), k = tensor(c, "k").requiresGrad(true), v = tensor(c, "v").requiresGrad(true);
        double atol = ((Number) c.get("atol")).doubleValue(), rtol = ((Number) c.get("rtol")).doubleValue();
        Tensor out = FusedAttention.apply(q, k, v, tensor(c, "mask"), (Boolean) c.get("causal"), ((Number) c.get("scale")).floatValue());
        GoldenCheck.assertClose(name + " output", tensor(c, "out"), out, atol, rtol);
        out.backward(tensor(c, "upstream"));
        List<Map<String, Object>> grads = (List<Map<String, Object>>) c.get("grads");
        Tensor[] inputs = {q, k, v};
        String[] names = {"q", "k", "v"};
        for (int i = 0; i < 3; i++)
            GoldenCheck.assertClose(name + " grad of " + names[i], Golden.floatTensor(grads.get(i)), inputs[i].grad(), atol, rtol);
    }
}
