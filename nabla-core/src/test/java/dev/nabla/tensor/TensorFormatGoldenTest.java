package dev.nabla.tensor;

import dev.nabla.io.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** toString() against PyTorch's repr, string for string (tools/goldens/repr.py). */
class TensorFormatGoldenTest {
    /** The ops repr.py applies before printing, as nabla calls them. */
    static final Map<String, UnaryOperator<Tensor>> OPS = Map.ofEntries(
            Map.entry("add", x -> x.add(x)),
            Map.entry("sub", x -> x.sub(x.mul(0.5f))),
            Map.entry("mul", x -> x.mul(x)),
            Map.entry("div", x -> x.div(4f)),
            Map.entry("neg", Tensor::neg),
            Map.entry("sum", Tensor::sum),
            Map.entry("mm", x -> x.matmul(x.transpose(0, 1))),
            Map.entry("transpose", x -> x.transpose(0, 1)),
            Map.entry("permute", x -> x.permute(1, 0)),
            Map.entry("expand", x -> {
                int[] s = x.shape();
                return x.expand(2, s[0], s[1]);
            }),
            Map.entry("addscalar", x -> x.add(1f)),
            Map.entry("mulscalar", x -> x.mul(3f)),
            Map.entry("subscalar", x -> x.sub(1f)),
            Map.entry("sumdim", x -> x.sum(0)),
            Map.entry("reshape", x -> x.reshape(-1)));

    /** Where nabla's grad_fn name differs from torch's: torch's name -> ours. Everything else must match exactly. */
    static final Map<String, String> KNOWN_NAME_DIFFERENCES = Map.of(
            "subscalar", "AddBackward0",   // x - c is recorded as an add of -c
            "sumdim", "SumBackward0",      // torch numbers its sum overloads: SumBackward1 for a sum over dims
            "reshape", "ReshapeBackward0"); // torch records a view (ViewBackward0) or a copy (UnsafeViewBackward0)

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases() throws IOException {
        try (InputStream in = TensorFormatGoldenTest.class.getResourceAsStream("/goldens/repr.json")) {
            if (in == null) throw new IllegalStateException("no /goldens/repr.json; run /usr/bin/python3 tools/goldens/make_goldens.py repr");
            return (List<Map<String, Object>>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static int[] ints(Object list) {
        List<?> l = (List<?>) list;
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = ((Number) l.get(i)).intValue();
        return r;
    }

    static float[] floats(Object list) {
        List<?> l = (List<?>) list;
        float[] r = new float[l.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = l.get(i) instanceof String s ? switch (s) {
                case "nan" -> Float.NaN;
                case "inf" -> Float.POSITIVE_INFINITY;
                case "-inf" -> Float.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("bad number " + s);
            } : ((Number) l.get(i)).floatValue();
        }
        return r;
    }

    static Tensor floatTensor(Map<String, Object> c) {
        int[] shape = ints(c.get("shape"));
        float[] v = floats(c.get("data"));
        Tensor t = Tensor.wrap(v, shape);
        switch ((String) c.get("layout")) {
            case "contiguous" -> { }
            case "transposed" -> t = t.transpose(-1, -2).contiguousCopy().transpose(-1, -2).detach();
            case "strided" -> {
                float[] buf = new float[2 * v.length];
                for (int i = 0; i < v.length; i++) buf[2 * i] = v[i];
                int[] st = Shape.contiguousStrides(shape);
                for (int i = 0; i < st.length; i++) st[i] *= 2;
                t = Tensor.wrap(buf, buf.length).viewOf(0, shape, st);
            }
            default -> throw new IllegalArgumentException("layout " + c.get("layout"));
        }
        if (!"contiguous".equals(c.get("layout"))) assertTrue(!t.isContiguous(), "layout " + c.get("layout") + " should not be contiguous");
        return t;
    }

    static String expected(Map<String, Object> c) {
        String repr = (String) c.get("repr");
        String op = (String) c.get("op");
        if (op != null && KNOWN_NAME_DIFFERENCES.containsKey(op))
            repr = repr.replace("grad_fn=<" + c.get("grad_fn") + ">", "grad_fn=<" + KNOWN_NAME_DIFFERENCES.get(op) + ">");
        return repr;
    }

    static String actual(Map<String, Object> c) {
        if ("int".equals(c.get("kind"))) return IntTensor.wrap(ints(c.get("data")), ints(c.get("shape"))).toString();
        Tensor t = floatTensor(c);
        if (Boolean.TRUE.equals(c.get("requires_grad"))) t.requiresGrad(true);
        String op = (String) c.get("op");
        if (op != null) t = OPS.get(op).apply(t);
        return t.toString();
    }

    @TestFactory
    Stream<DynamicTest> reprMatchesTorch() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"),
                () -> assertEquals(expected(c), actual(c), "case " + c.get("name"))));
    }

    @Test
    void printingReadsOnlyWhatItShows() {
        // 1.6e9 elements through a stride-0 view: printing must not copy them
        Tensor huge = Tensor.zeros(1).expand(40000, 40000);
        assertEquals("tensor([[0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n"
                + "        ...,\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.]])",
                huge.toString());
    }

    @Test
    void gradFnNamesFollowTorchsPattern() {
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        assertEquals("tensor([2., 4.], grad_fn=<AddBackward0>)", x.add(x).toString());
        assertEquals("tensor(3., grad_fn=<SumBackward0>)", x.sum().toString());
        assertEquals("tensor([1., 2.], requires_grad=True)", x.toString());
        assertEquals("tensor([1., 2.])", x.detach().toString());
    }

    @Test
    void everyOpIsCovered() throws IOException {
        long withOps = cases().stream().filter(c -> c.get("op") != null).map(c -> c.get("op")).distinct().count();
        assertEquals(OPS.size(), withOps, "repr.py and this test should apply the same ops");
    }
}
