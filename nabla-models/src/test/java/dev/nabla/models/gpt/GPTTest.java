package dev.nabla.models.gpt;

import dev.nabla.autograd.NoGrad;
import dev.nabla.io.Json;
import dev.nabla.models.TinyCheckpoints;
import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.nabla.models.TinyCheckpoints.close;
import static dev.nabla.models.TinyCheckpoints.floats;
import static org.junit.jupiter.api.Assertions.*;

/** GPT-2 against tools/goldens/gpt2.py's checkpoint in Hugging Face's layout (weights and logits from PyTorch). */
class GPTTest {
    @TempDir
    Path tmp;

    static Path tiny() throws Exception {
        return TinyCheckpoints.dir("gpt2-tiny");
    }

    static Map<?, ?> expected() throws Exception {
        return TinyCheckpoints.expected(tiny());
    }

    static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    static float[] logits(GPT m, int[] ids) {
        try (var ignored = NoGrad.enter()) {
            return m.forward(IntTensor.wrap(ids, 1, ids.length)).contiguous().toArray();
        }
    }

    @Test
    void logitsMatchPyTorch() throws Exception {
        GPT m = GPT.fromPretrained(tiny());
        assertEquals(new GPTConfig(102, 64, 32, 2, 2, 0.1f, 1e-5f, true), m.config);
        int checked = 0;
        for (Object o : (List<?>) expected().get("cases")) {
            Map<?, ?> c = (Map<?, ?>) o;
            int[] ids = ints(c.get("ids"));
            float[] got = logits(m, ids);
            if (c.containsKey("logits")) {
                float[] want = new float[ids.length * 102];
                int at = 0;
                for (Object row : (List<?>) c.get("logits")) for (float f : floats(row)) want[at++] = f;
                close(want, got, 1e-4, "logits of " + ids.length + " tokens");
            } else {
                close(floats(c.get("last_logits")), Arrays.copyOfRange(got, got.length - 102, got.length), 1e-4, "last logits of " + ids.length);
            }
            checked++;
        }
        assertEquals(3, checked);
    }

    @Test
    void greedyContinuationMatchesPyTorch() throws Exception {
        GPT m = GPT.fromPretrained(tiny());
        Map<?, ?> g = (Map<?, ?>) expected().get("greedy");
        int[] want = ints(g.get("continuation"));
        int[][] got = Generation.generate(m, new int[][] {ints(g.get("prompt"))}, GenerationConfig.greedy(want.length), (r, t) -> true);
        assertArrayEquals(want, got[0]);
    }

    @Test
    void cachedStepsGiveTheFullForwardsLogits() throws Exception {
        GPT m = GPT.fromPretrained(tiny());
        int[] ids = ints(((Map<?, ?>) ((List<?>) expected().get("cases")).get(2)).get("ids"));
        float[] full = logits(m, ids);
        try (var ignored = NoGrad.enter()) {
            GPT.Cache cache = m.newCache();
            int prefill = 10;
            float[] got = m.forward(IntTensor.wrap(Arrays.copyOf(ids, prefill), 1, prefill), cache).contiguous().toArray();
            close(Arrays.copyOf(full, prefill * 102), got, 1e-5, "prefill");
            // several tokens at once after the cache, then one at a time
            got = m.forward(IntTensor.wrap(Arrays.copyOfRange(ids, prefill, prefill + 3), 1, 3), cache).contiguous().toArray();
            close(Arrays.copyOfRange(full, prefill * 102, (prefill + 3) * 102), got, 1e-5, "three after the cache");
            for (int t = prefill + 3; t < ids.length; t++) {
                got = m.forward(IntTensor.wrap(new int[] {ids[t]}, 1, 1), cache).contiguous().toArray();
                close(Arrays.copyOfRange(full, t * 102, (t + 1) * 102), got, 1e-5, "step " + t);
            }
            assertEquals(ids.length, cache.length());
            IntTensor more = IntTensor.wrap(new int[] {1}, 1, 1);
            GPT.Cache filled = cache;
            assertThrows(IllegalArgumentException.class, () -> m.forward(more, filled), "past n_positions");
        }
    }

    @Test
    void batchedPromptsOfDifferentLengthsGenerateAsAlone() throws Exception {
        GPT m = GPT.fromPretrained(tiny());
        int[][] prompts = {{5, 17, 40, 2, 99, 3, 8}, {61}, {12, 12, 7}};
        GenerationConfig cfg = GenerationConfig.greedy(12);
        int[][] batch = Generation.generate(m, prompts, cfg, (r, t) -> true);
        for (int r = 0; r < prompts.length; r++)
            assertArrayEquals(Generation.generate(m, new int[][] {prompts[r]}, cfg, (x, t) -> true)[0], batch[r], "row " + r);
    }

    /** Left-padded rows of a batch give, prefill and cached steps alike, the logits each row gives alone. */
    @Test
    void batchedLeftPaddedRowsGiveTheLogitsOfEachRowAlone() throws Exception {
        GPT m = GPT.fromPretrained(tiny());
        int[][] prompts = {{5, 17, 40, 2, 99, 3, 8}, {61}, {12, 12, 7}};
        int[][] steps = {{4, 9, 1}, {30, 30, 2}, {77, 0, 101}}; // the tokens fed after the prompt, per row
        int b = prompts.length, len = 7, v = m.config.vocabSize();
        int[] pad = new int[b], ids = new int[b * len];
        for (int r = 0; r < b; r++) {
            pad[r] = len - prompts[r].length;
            System.arraycopy(prompts[r], 0, ids, r * len + pad[r], prompts[r].length);
        }
        try (var ignored = NoGrad.enter()) {
            GPT.Cache batch = m.newCache(pad);
            float[] prefill = m.forward(IntTensor.wrap(ids, b, len), batch).contiguous().toArray();
            float[][] stepped = new float[steps[0].length][];
            for (int s = 0; s < stepped.length; s++) {
                int[] col = new int[b];
                for (int r = 0; r < b; r++) col[r] = steps[r][s];
                stepped[s] = m.forward(IntTensor.wrap(col, b, 1), batch).contiguous().toArray();
            }
            for (int r = 0; r < b; r++) {
                GPT.Cache alone = m.newCache();
                float[] want = m.forward(IntTensor.wrap(prompts[r], 1, prompts[r].length), alone).contiguous().toArray();
                close(want, Arrays.copyOfRange(prefill, (r * len + pad[r]) * v, (r + 1) * len * v), 1e-4, "prefill, row " + r);
                for (int s = 0; s < stepped.length; s++) {
                    want = m.forward(IntTensor.wrap(new int[] {steps[r][s]}, 1, 1), alone).contiguous().toArray();
                    close(want, Arrays.copyOfRange(stepped[s], r * v, (r + 1) * v), 1e-4, "step " + s + ", row " + r);
                }
            }
        }
    }

    @Test
    void saveWritesHuggingFacesLayoutAndReloadsTheSameModel() throws Exception {
        GPT m = GPT.fromPretrained(tiny());
        Path dir = tmp.resolve("saved");
        m.save(dir);
        var saved = SafeTensors.load(dir.resolve("model.safetensors"));
        var original = SafeTensors.load(tiny().resolve("model.safetensors"));
        assertEquals("pt", saved.metadata().get("format"));
        for (var e : saved.tensors().entrySet()) {
            Tensor o = original.tensors().get(e.getKey());
            assertNotNull(o, "HF key " + e.getKey());
            assertArrayEquals(o.shape(), e.getValue().shape(), e.getKey());
            assertArrayEquals(o.toArray(), e.getValue().toArray(), e.getKey());
        }
        assertEquals(original.tensors().size() - 2, saved.tensors().size(), "all but the two attn.bias buffers");
        assertArrayEquals(new int[] {32, 96}, saved.tensors().get("h.1.attn.c_attn.weight").shape(), "Conv1D (in, out)");
        assertEquals(m.config, GPTConfig.read(dir.resolve("config.json")));
        GPT back = GPT.fromPretrained(dir);
        assertNotNull(back.tokenizer());
        int[] ids = {3, 1, 4, 1, 5, 9, 2, 6};
        assertArrayEquals(logits(m, ids), logits(back, ids));
    }

    /** As Hugging Face's GPT2LMHeadModel files: "transformer." keys, lm_head.weight, and attn.bias masks stored as BOOL. */
    @Test
    void aTransformerPrefixAnLmHeadAndBoolMaskBuffersAreAccepted() throws Exception {
        Path dir = copyOfTiny("prefixed");
        Map<String, Tensor> t = new LinkedHashMap<>();
        SafeTensors.load(tiny().resolve("model.safetensors")).tensors().forEach((k, v) -> {
            if (!k.endsWith(".attn.bias")) t.put("transformer." + k, v); // the golden's F32 masks, replaced by BOOL ones below
        });
        t.put("lm_head.weight", t.get("transformer.wte.weight"));
        t.put("transformer.h.0.attn.masked_bias", Tensor.scalar(-1e4f));
        Path file = dir.resolve("model.safetensors");
        SafeTensors.save(file, t);
        addCausalBoolMasks(file, List.of("transformer.h.0.attn.bias", "transformer.h.1.attn.bias"), 64);
        var written = SafeTensors.load(file).intTensors();
        assertEquals(List.of("transformer.h.0.attn.bias", "transformer.h.1.attn.bias"), List.copyOf(written.keySet()));
        assertEquals(1, written.get("transformer.h.1.attn.bias").storage()[64]); // row 1, column 0
        assertEquals(0, written.get("transformer.h.1.attn.bias").storage()[1]);
        int[] ids = {7, 8, 9};
        assertArrayEquals(logits(GPT.fromPretrained(tiny()), ids), logits(GPT.fromPretrained(dir), ids));

        SafeTensors.save(file, t, Map.of("transformer.h.0.steps", dev.nabla.tensor.IntTensor.wrap(new int[] {3}, 1)), Map.of());
        String msg = assertThrows(IOException.class, () -> GPT.fromPretrained(dir)).getMessage();
        assertTrue(msg.contains("unexpected integer tensor transformer.h.0.steps"), msg);
    }

    /**
     * Appends BOOL tensors (1, 1, n, n), ones on and below the diagonal as GPT-2's attn.bias, to a safetensors file:
     * SafeTensors.save writes only F32 and I32, so the header is rewritten here by hand.
     */
    static void addCausalBoolMasks(Path file, List<String> keys, int n) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long headerLength = java.nio.ByteBuffer.wrap(all, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) Json.parse(new String(all, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8));
        var data = new java.io.ByteArrayOutputStream();
        data.write(all, 8 + (int) headerLength, all.length - 8 - (int) headerLength);
        byte[] mask = new byte[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) mask[i * n + j] = 1;
        for (String k : keys) {
            header.put(k, Map.of("dtype", "BOOL", "shape", List.of(1, 1, n, n), "data_offsets", List.of(data.size(), data.size() + mask.length)));
            data.write(mask);
        }
        StringBuilder json = new StringBuilder(Json.write(header, 0));
        while (json.length() % 8 != 0) json.append(' ');
        byte[] h = json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var out = new java.io.ByteArrayOutputStream();
        out.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        data.writeTo(out);
        Files.write(file, out.toByteArray());
    }

    @Test
    void badCheckpointsNameTheFileAndTheTensor() throws Exception {
        Path dir = copyOfTiny("bad");
        Map<String, Tensor> t = new LinkedHashMap<>(SafeTensors.load(tiny().resolve("model.safetensors")).tensors());
        t.remove("h.1.mlp.c_fc.bias");
        t.put("h.0.attn.c_proj.weight", Tensor.zeros(32, 33));
        t.put("h.0.extra", Tensor.zeros(2));
        SafeTensors.save(dir.resolve("model.safetensors"), t);
        IOException e = assertThrows(IOException.class, () -> GPT.fromPretrained(dir));
        String msg = e.getMessage();
        assertTrue(msg.contains(dir.resolve("model.safetensors").toString()), msg);
        assertTrue(msg.contains("missing tensor h.1.mlp.c_fc.bias"), msg);
        assertTrue(msg.contains("unexpected tensor h.0.extra"), msg);
        assertTrue(msg.contains("h.0.attn.c_proj.weight has shape [32, 33], config.json implies [32, 32]"), msg);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\"}");
        assertTrue(assertThrows(IOException.class, () -> GPT.fromPretrained(dir)).getMessage().contains("llama"));
    }

    private Path copyOfTiny(String name) throws Exception {
        return TinyCheckpoints.copy(tiny(), tmp, name);
    }

    @Test
    void configRoundTripsThroughConfigJson() throws Exception {
        for (GPTConfig c : List.of(GPTConfig.tiny(65), GPTConfig.gpt2(), new GPTConfig(10, 8, 12, 1, 3, 0f, 1e-6f, false))) {
            Path f = tmp.resolve("c.json");
            Files.writeString(f, Json.write(c.toJson(), 2));
            assertEquals(c, GPTConfig.read(f));
        }
        assertEquals(124_439_808L, new GPT(GPTConfig.gpt2().withDropout(0), new dev.nabla.tensor.Generator(1)).numParameters(),
                "GPT-2 small without the tied head");
    }
}
