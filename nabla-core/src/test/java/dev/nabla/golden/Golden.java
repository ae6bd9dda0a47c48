package dev.nabla.golden;

import dev.nabla.io.Json;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One golden file (tools/goldens/*.py wrote it with PyTorch): its cases, and how to rebuild their tensors. */
public final class Golden {
    private Golden() {}

    /** One recorded case. Values are the parsed JSON. */
    public record Case(String family, String op, String name, List<Map<String, Object>> args, Map<String, Object> kwargs,
                       List<Map<String, Object>> outputs, List<Map<String, Object>> upstream, List<Map<String, Object>> grads,
                       double atol, double rtol, double gradAtol, double gradRtol, boolean error) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The "cases" of a family's golden file, as parsed JSON objects. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rawCases(String family) {
        String path = "/goldens/" + family + ".json";
        try (InputStream in = Golden.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("no golden file " + path + "; run /usr/bin/python3 tools/goldens/make_goldens.py " + family);
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (List<Map<String, Object>>) root.get("cases");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static List<Case> load(String family) {
        List<Case> cases = new ArrayList<>();
        for (Map<String, Object> c : rawCases(family)) {
            boolean error = Boolean.TRUE.equals(c.get("error"));
            cases.add(new Case(family, (String) c.get("op"), (String) c.get("name"),
                    (List<Map<String, Object>>) (List<?>) c.get("args"), (Map<String, Object>) c.get("kwargs"),
                    error ? List.of() : (List<Map<String, Object>>) (List<?>) c.get("outputs"),
                    error ? List.of() : (List<Map<String, Object>>) (List<?>) c.get("upstream"),
                    error ? List.of() : (List<Map<String, Object>>) (List<?>) c.get("grads"),
                    num(c.get("atol")), num(c.get("rtol")), num(c.get("grad_atol")), num(c.get("grad_rtol")), error));
        }
        return cases;
    }

    private static double num(Object o) {
        return o == null ? 0 : ((Number) o).doubleValue();
    }

    static int[] shape(Map<String, Object> t) {
        return ints(t.get("shape"));
    }

    static int[] ints(Object list) {
        List<?> l = (List<?>) list;
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = ((Number) l.get(i)).intValue();
        return r;
    }

    static float[] floats(Map<String, Object> t) {
        List<?> l = (List<?>) t.get("data");
        float[] r = new float[l.size()];
        for (int i = 0; i < r.length; i++) {
            Object v = l.get(i);
            r[i] = v instanceof String s ? switch (s) {
                case "nan" -> Float.NaN;
                case "inf" -> Float.POSITIVE_INFINITY;
                case "-inf" -> Float.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("bad number " + s);
            } : ((Number) v).floatValue();
        }
        return r;
    }

    static boolean isInt(Map<String, Object> t) {
        return "int".equals(t.get("kind"));
    }

    static IntTensor intTensor(Map<String, Object> t) {
        return IntTensor.wrap(ints(t.get("data")), shape(t));
    }

    static Tensor floatTensor(Map<String, Object> t) {
        return Tensor.wrap(floats(t), shape(t));
    }

    /** Rebuilds an input with the recorded layout (contiguous, transposed, strided or offset), same values. */
    static Tensor input(Map<String, Object> t) {
        int[] s = shape(t);
        float[] v = floats(t);
        String layout = (String) t.getOrDefault("layout", "contiguous");
        int n = v.length;
        Tensor x = switch (layout) {
            case "contiguous" -> Tensor.wrap(v, s);
            case "transposed" -> {
                int r = s.length;
                int[] ts = s.clone();
                ts[r - 1] = s[r - 2];
                ts[r - 2] = s[r - 1];
                Tensor c = Tensor.wrap(v, s).transpose(-1, -2).contiguousCopy(); // stored as (..., cols, rows)
                yield c.transpose(-1, -2).detach();
            }
            case "strided" -> {
                float[] buf = new float[2 * n];
                for (int i = 0; i < n; i++) buf[2 * i] = v[i];
                int[] st = Shape.contiguousStrides(s);
                for (int i = 0; i < st.length; i++) st[i] *= 2;
                yield Tensor.wrap(buf, 2 * n).viewOf(0, s, st);
            }
            case "offset" -> {
                float[] buf = new float[n + 3];
                System.arraycopy(v, 0, buf, 3, n);
                yield Tensor.wrap(buf, n + 3).viewOf(3, s, Shape.contiguousStrides(s));
            }
            default -> throw new IllegalArgumentException("unknown layout " + layout);
        };
        if (!layout.equals("contiguous") && n > 1 && x.isContiguous() && !layout.equals("offset"))
            throw new IllegalStateException("layout " + layout + " should give a non-contiguous tensor for shape " + Shape.str(s));
        return x;
    }
}
