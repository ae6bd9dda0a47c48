package dev.nabla.models.gpt;

import dev.nabla.autograd.NoGrad;
import dev.nabla.io.Json;
import dev.nabla.io.SafeTensors;
import dev.nabla.models.HfFiles;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.models.CharVocab;
import dev.nabla.text.TextTokenizer;
import dev.nabla.text.bpe.BpeFiles;
import dev.nabla.text.bpe.BpeTokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GPT} in a Hugging Face GPT-2 directory: config.json, model.safetensors (F32, keys as GPT2LMHeadModel's
 * without the "transformer." prefix), and the tokenizer: byte-level BPE as vocab.json + merges.txt, or characters
 * (nabla's own, {@link CharVocab}) as char_vocab.json, {"kind": "characters", "chars": "..."} with the characters of
 * ids 0, 1, ... in one string (lone surrogates as JSON escapes). Hugging Face stores the four
 * projections of each block as Conv1D, weight (in, out), the transpose of nabla's Linear (out, in): as nanoGPT's
 * from_pretrained, exactly those are transposed on load and on save.
 */
final class GPTFiles {
    static final String CONFIG = HfFiles.CONFIG, WEIGHTS = HfFiles.WEIGHTS;

    static final String VOCAB = "vocab.json", MERGES = "merges.txt", CHARS = "char_vocab.json";

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

    /** GPT2LMHeadModel's keys name the body "transformer."; GPT2Model's and nabla's do not. */
    private static String unprefixed(String key) {
        return key.startsWith("transformer.") ? key.substring("transformer.".length()) : key;
    }

    static GPT load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a directory (expected config.json and model.safetensors in it)");
        GPTConfig config = GPTConfig.read(dir.resolve(CONFIG));
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not found");
        Map<String, Tensor> stored = new LinkedHashMap<>();
        SafeTensors.Contents contents = SafeTensors.load(file);
        for (var e : contents.tensors().entrySet()) {
            String key = unprefixed(e.getKey());
            if (!ignored(key)) stored.put(key, e.getValue());
        }
        GPT model = new GPT(config, new Generator(0));
        Map<String, Tensor> own = model.stateDict();
        List<String> problems = new ArrayList<>();
        for (String k : contents.intTensors().keySet()) // BOOL/U8 mask buffers are fine; any other integer tensor is not a weight
            if (!ignored(unprefixed(k))) problems.add("unexpected integer tensor " + k);
        HfFiles.requireSameTensors(file, dir.resolve(CONFIG), own, stored, k -> fileShape(k, own.get(k).shape()), problems);
        try (var ignored = NoGrad.enter()) {
            for (var e : own.entrySet()) {
                Tensor t = stored.get(e.getKey());
                e.getValue().copy_(transposed(e.getKey()) ? t.t() : t);
            }
        }
        model.eval();
        TextTokenizer tok = loadTokenizer(dir);
        try {
            return model.tokenizer(tok);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
    }

    /** The BPE or character tokenizer of dir, or null when it has none. */
    private static TextTokenizer loadTokenizer(Path dir) throws IOException {
        boolean vocab = Files.isRegularFile(dir.resolve(VOCAB)), merges = Files.isRegularFile(dir.resolve(MERGES));
        Path chars = dir.resolve(CHARS);
        if ((vocab || merges) && Files.isRegularFile(chars))
            throw new IOException(dir + ": holds both a BPE tokenizer (" + VOCAB + ", " + MERGES + ") and " + CHARS + "; remove the one that is stale");
        if (vocab != merges) throw new IOException(dir + ": " + (vocab ? VOCAB + " without " + MERGES : MERGES + " without " + VOCAB));
        try {
            if (vocab) return BpeFiles.load(dir.resolve(VOCAB), dir.resolve(MERGES));
            if (!Files.isRegularFile(chars)) return null;
            if (!(Json.parse(Files.readString(chars)) instanceof Map<?, ?> m) || !"characters".equals(m.get("kind")) || !(m.get("chars") instanceof String))
                throw new IllegalArgumentException("expected {\"kind\": \"characters\", \"chars\": \"...\"}");
            return CharVocab.of((String) m.get("chars"));
        } catch (IllegalArgumentException e) {
            throw new IOException((vocab ? dir : chars) + ": " + e.getMessage(), e);
        }
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
        switch (model.tokenizer()) {
            case null -> {}
            case BpeTokenizer bpe -> {
                BpeFiles.save(bpe, dir);
                Files.deleteIfExists(dir.resolve(CHARS)); // a stale tokenizer of an earlier model would make the directory ambiguous
            }
            case CharVocab chars -> {
                String json = Json.write(chars.describe(), 0) + "\n";
                dev.nabla.util.Files.writeAtomically(dir.resolve(CHARS), escapeSurrogates(json).getBytes(StandardCharsets.UTF_8));
                Files.deleteIfExists(dir.resolve(VOCAB));
                Files.deleteIfExists(dir.resolve(MERGES));
            }
            default -> throw new IllegalArgumentException("GPT save: a " + model.tokenizer().getClass().getSimpleName()
                    + " tokenizer cannot be saved; use byte-level BPE or characters");
        }
    }

    /** UTF-8 cannot hold a lone surrogate (the half of an emoji that a character vocabulary may have), a JSON escape can. */
    private static String escapeSurrogates(String json) {
        StringBuilder b = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isSurrogate(c)) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
