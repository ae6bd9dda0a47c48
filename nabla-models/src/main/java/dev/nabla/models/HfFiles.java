package dev.nabla.models;

import dev.nabla.io.Json;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the readers of Hugging Face model directories (GPT-2's, BERT's) share: config.json fields read with errors
 * that name the file, and the strict comparison of a checkpoint's tensors with the ones a model expects.
 */
public final class HfFiles {
    private HfFiles() {}

    public static final String CONFIG = "config.json", WEIGHTS = "model.safetensors";

    /** The JSON object in a config.json. */
    public static Map<?, ?> readObject(Path file) throws IOException {
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> m)) throw new IOException(file + ": not a JSON object");
        return m;
    }

    /** m[key] as a number, absent when missing or null. */
    public static double number(Map<?, ?> m, String key, double absent, Path file) throws IOException {
        Object v = m.get(key);
        if (v == null) return absent;
        if (!(v instanceof Number n)) throw new IOException(file + ": \"" + key + "\" is not a number: " + v);
        return n.doubleValue();
    }

    /** m[key] as an int, absent when missing or null. */
    public static int integer(Map<?, ?> m, String key, int absent, Path file) throws IOException {
        double d = number(m, key, absent, file);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new IOException(file + ": \"" + key + "\" is not an integer: " + d);
        return (int) d;
    }

    /** 0.1f as 0.1 in JSON, not 0.10000000149011612. */
    public static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /**
     * Throws an IOException naming the weights file and its config.json, with every tensor of own (the model's names)
     * missing from stored, every stored tensor the model lacks, and every shape that differs from fileShape(name).
     */
    public static void requireSameTensors(Path file, Path config, Map<String, Tensor> own, Map<String, Tensor> stored,
                                          Function<String, int[]> fileShape) throws IOException {
        requireSameTensors(file, config, own, stored, fileShape, new ArrayList<>());
    }

    /** As above, reporting problems the caller found first (e.g. tensors of a type it cannot use) with the others. */
    public static void requireSameTensors(Path file, Path config, Map<String, Tensor> own, Map<String, Tensor> stored,
                                          Function<String, int[]> fileShape, List<String> problems) throws IOException {
        for (String k : own.keySet()) if (!stored.containsKey(k)) problems.add("missing tensor " + k);
        for (String k : stored.keySet()) if (!own.containsKey(k)) problems.add("unexpected tensor " + k);
        for (String k : own.keySet()) {
            Tensor t = stored.get(k);
            int[] want = fileShape.apply(k);
            if (t != null && !Arrays.equals(t.shape(), want))
                problems.add("tensor " + k + " has shape " + Shape.str(t.shape()) + ", " + config.getFileName() + " implies " + Shape.str(want));
        }
        if (!problems.isEmpty()) throw new IOException(file + ": does not match " + config + ":\n  " + String.join("\n  ", problems));
    }
}
