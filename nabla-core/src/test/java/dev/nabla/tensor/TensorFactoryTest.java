package dev.nabla.tensor;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.nabla.io.Json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** arange, linspace and eye against torch's float32 values, bit for bit (tools/goldens/creation.py). */
class TensorFactoryTest {
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases() throws IOException {
        try (InputStream in = TensorFactoryTest.class.getResourceAsStream("/goldens/creation.json")) {
            if (in == null) throw new IllegalStateException("no /goldens/creation.json; run /usr/bin/python3 tools/goldens/make_goldens.py creation");
            return (List<Map<String, Object>>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static Tensor create(String fn, List<?> a) {
        return switch (fn) {
            case "arange" -> Tensor.arange(f(a.get(0)), f(a.get(1)), f(a.get(2)));
            case "linspace" -> Tensor.linspace(f(a.get(0)), f(a.get(1)), ((Number) a.get(2)).intValue());
            case "eye" -> Tensor.eye(((Number) a.get(0)).intValue(), ((Number) a.get(1)).intValue());
            default -> throw new IllegalArgumentException(fn);
        };
    }

    private static float f(Object o) {
        return ((Number) o).floatValue();
    }

    @TestFactory
    Stream<DynamicTest> matchesTorchExactly() throws IOException {
        List<Map<String, Object>> cases = cases();
        return cases.stream().map(c -> {
            String fn = (String) c.get("fn");
            List<?> args = (List<?>) c.get("args");
            return DynamicTest.dynamicTest(fn + args + (Boolean.TRUE.equals(c.get("error")) ? " rejected" : ""), () -> {
                if (Boolean.TRUE.equals(c.get("error"))) {
                    assertThrows(IllegalArgumentException.class, () -> create(fn, args));
                    return;
                }
                Tensor t = create(fn, args);
                assertArrayEquals(TensorFormatGoldenTest.ints(c.get("shape")), t.shape(), "shape");
                float[] want = TensorFormatGoldenTest.floats(c.get("data")), got = t.toArray();
                for (int i = 0; i < want.length; i++)
                    if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i]))
                        fail(fn + args + ": element " + i + " is " + got[i] + ", torch has " + want[i]);
            });
        });
    }

    @Test
    void shortForms() {
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toArray());
        assertArrayEquals(new int[] {0}, Tensor.arange(0).shape());
        assertArrayEquals(Tensor.eye(3, 3).toArray(), Tensor.eye(3).toArray());
        assertEquals("tensor([[1., 0.],\n        [0., 1.]])", Tensor.eye(2).toString());
    }

    @Test
    void errorsSayWhy() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0));
        assertEquals(true, e.getMessage().contains("step must be nonzero"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, Float.POSITIVE_INFINITY, 1));
        assertEquals(true, e.getMessage().contains("unsupported range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -2));
        assertEquals(true, e.getMessage().contains("-2"), e.getMessage());
    }
}
