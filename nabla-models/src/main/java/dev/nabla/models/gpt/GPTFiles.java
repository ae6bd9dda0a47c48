package dev.nabla.models.gpt;

import dev.nabla.autograd.NoGrad;
import dev.nabla.io.Json;
import dev.nabla.io.SafeTensors;
import dev.nabla.models.HfFiles;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.bpe.BpeFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GPT} in a Hugging Face GPT-2 directory: config.json, model.safetensors (F32, keys as GPT2LMHeadModel's
 * without the "transformer." prefix), and the tokenizer's vocab.json + merges.txt. Hugging Face stores the four
 * projections of each block as Conv1D, weight (in, out), the transpose of nabla's Linear (out, in): as nanoGPT's
 * from_pretrained, exactly those are transposed on load and on save.
 */
final class GPTFiles {
    static final String CONFIG = HfFiles.CONFIG, WEIGHTS = HfFiles.WEIGHTS;

    private GPTFiles() {}

    /** Conv1D weights, stored (in, out) by Hugging Face. */
    static final List<String> TRANSPOSED = List.of("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight");

    static boolean transposed(String key) {
        return TRANSPOSED.stream().anyMatch(key::endsWith);
    }

    /** Buffers and tied copies that Hugging Face files may hold and nabla does not keep. */
    private static boolean ignored(String key) {
        return key.endsWith(".attn.bias") && !key.contains("c_attn") || key.endsWith(".attn.masked_bias") || key.equals("lm_head.weight");
    }

    static GPT load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a directory (expected config.json and model.safetensors in it)");
        GPTConfig config = GPTConfig.read(dir.resolve(CONFIG));
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not found");
        Map<String, Tensor> stored = new LinkedHashMap<>();
        for (var e : SafeTensors.load(file).tensors().entrySet()) {
            String key = e.getKey().startsWith("transformer.") ? e.getKey().substring("transformer.".length()) : e.getKey();
            if (!ignored(key)) stored.put(key, e.getValue());
        }
        GPT model = new GPT(config, new Generator(0));
        Map<String, Tensor> own = model.stateDict();
        HfFiles.requireSameTensors(file, dir.resolve(CONFIG), own, stored, k -> fileShape(k, own.get(k).shape()));
        try (var ignored = NoGrad.enter()) {
            for (var e : own.entrySet()) {
                Tensor t = stored.get(e.getKey());
                e.getValue().copy_(transposed(e.getKey()) ? t.t() : t);
            }
        }
        model.eval();
        if (Files.isRegularFile(dir.resolve("vocab.json")) && Files.isRegularFile(dir.resolve("merges.txt")))
            model.tokenizer(BpeFiles.load(dir.resolve("vocab.json"), dir.resolve("merges.txt")));
        return model;
    }

    private static int[] fileShape(String key, int[] shape) {
        return transposed(key) ? new int[] {shape[1], shape[0]} : shape;
    }

    static void save(GPT model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Tensor> out = new LinkedHashMap<>();
        model.stateDict().forEach((k, t) -> out.put(k, transposed(k) ? t.detach().t().contiguousCopy() : t.detach()));
        SafeTensors.save(dir.resolve(WEIGHTS), out, Map.of("format", "pt"));
        dev.nabla.util.Files.writeAtomically(dir.resolve(CONFIG), (Json.write(model.config.toJson(), 2) + "\n").getBytes(StandardCharsets.UTF_8));
        if (model.tokenizer() != null) BpeFiles.save(model.tokenizer(), dir);
    }
}
