package dev.nabla.models;

import dev.nabla.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tiny Hugging Face checkpoints that tools/goldens writes (gpt2-tiny, bert-tiny) and their expected.json. */
public final class TinyCheckpoints {
    private TinyCheckpoints() {}

    /** The test resource folder of that name (it holds config.json). */
    public static Path dir(String name) throws Exception {
        return Path.of(TinyCheckpoints.class.getResource("/" + name + "/config.json").toURI()).getParent();
    }

    /** The folder's expected.json: what PyTorch computed. */
    public static Map<?, ?> expected(Path dir) throws Exception {
        return (Map<?, ?>) Json.parse(Files.readString(dir.resolve("expected.json")));
    }

    /** A copy of every file of the folder into a new folder of tmp, for tests that damage or rename things. */
    public static Path copy(Path dir, Path tmp, String name) throws Exception {
        Path out = tmp.resolve(name);
        Files.createDirectories(out);
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.copy(p, out.resolve(p.getFileName()));
        }
        return out;
    }

    public static float[] floats(Object list) {
        List<?> l = (List<?>) list;
        float[] f = new float[l.size()];
        for (int i = 0; i < f.length; i++) f[i] = ((Number) l.get(i)).floatValue();
        return f;
    }

    public static void close(float[] want, float[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + " length");
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], tol, what + " [" + i + "]");
    }
}
