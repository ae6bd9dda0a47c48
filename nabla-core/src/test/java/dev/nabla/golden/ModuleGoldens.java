package dev.nabla.golden;

import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Module golden files (tools/goldens/rnn.py's format: {"modules": family, "cases": [...]}, each case with outputs,
 * upstream, grads of the inputs and param_grads by name) and their replay check.
 */
final class ModuleGoldens {
    private ModuleGoldens() {}

    static List<Map<String, Object>> cases(String family) {
        return Golden.rawCases(family);
    }

    /** [[name, tensor], ...] to an ordered map. */
    @SuppressWarnings("unchecked")
    static Map<String, Tensor> named(Object pairs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (List<Object> kv : (List<List<Object>>) pairs) out.put((String) kv.get(0), Golden.floatTensor((Map<String, Object>) kv.get(1)));
        return out;
    }

    /** [tensor or null, ...] to a list. */
    @SuppressWarnings("unchecked")
    static List<Tensor> list(Object l) {
        List<Tensor> out = new ArrayList<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) l) out.add(t == null ? null : Golden.floatTensor(t));
        return out;
    }

    static double num(Map<String, Object> c, String k) {
        return ((Number) c.get(k)).doubleValue();
    }

    /**
     * Compares outputs with the case's, backpropagates its upstream gradients, and compares the gradients of the
     * inputs (the case's first inputs.size() grads) and of every recorded parameter (looked up in params).
     */
    static void check(Map<String, Object> c, List<Tensor> outs, List<Tensor> inputs, Map<String, Tensor> params) {
        String name = (String) c.get("name");
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
        named(c.get("param_grads")).forEach((k, g) -> {
            Tensor p = params.get(k);
            assertNotNull(p, name + ": no parameter " + k);
            assertNotNull(p.grad(), name + ": no gradient reached parameter " + k);
            GoldenCheck.assertClose(name + " grad of " + k, g, p.grad(), gatol, grtol);
        });
    }
}
