package dev.nabla.models.bert;

import dev.nabla.autograd.NoGrad;
import dev.nabla.io.Json;
import dev.nabla.io.SafeTensors;
import dev.nabla.models.HfFiles;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.nabla.models.HfFiles.CONFIG;
import static dev.nabla.models.HfFiles.WEIGHTS;

/**
 * BERT models in a Hugging Face directory: config.json and model.safetensors, whose keys are those of any BERT
 * architecture (BertModel's without "bert.", the heads' with it). Loading is strict about the encoder (every tensor
 * present, none unknown, shapes as config.json says), and about heads as Hugging Face is: a head the file lacks
 * entirely (a classifier when fine-tuning a pretrained BERT) keeps its fresh initialisation, and a head the model
 * lacks (the pretraining heads when loading a BertModel) is left unused; both are reported in {@link Loaded}.
 * Buffers (embeddings.position_ids), the copies of tied tensors (cls.predictions.decoder.*) and TensorFlow-era
 * LayerNorm names (gamma, beta) are understood.
 */
public final class BertFiles {
    private BertFiles() {}

    /** Modules that one architecture has and another not: each is loaded whole or not at all. */
    static final List<String> HEADS = List.of("bert.pooler.", "pooler.", "cls.predictions.", "cls.seq_relationship.", "classifier.");

    /** The loaded model; the head tensors it kept fresh (absent from the file) and the file's tensors it did not use. */
    public record Loaded<M extends Module>(M model, List<String> initialized, List<String> unused) {}

    /** Reads dir's config.json, builds the model with make, and fills it from dir's model.safetensors; the model is in eval mode. */
    public static <M extends Module> Loaded<M> load(Path dir, Function<BertConfig, M> make) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a directory (expected config.json and model.safetensors in it)");
        BertConfig config = BertConfig.read(dir.resolve(CONFIG));
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not found");
        M model = make.apply(config);
        Map<String, Tensor> own = new LinkedHashMap<>(model.stateDict());
        Map<String, Tensor> stored = rename(SafeTensors.load(file).tensors(), own.keySet().stream().anyMatch(k -> k.startsWith("bert.")));
        List<String> initialized = new ArrayList<>(), unused = new ArrayList<>();
        for (String head : HEADS) {
            boolean mine = own.keySet().stream().anyMatch(k -> k.startsWith(head)), theirs = stored.keySet().stream().anyMatch(k -> k.startsWith(head));
            if (mine && !theirs) own.keySet().stream().filter(k -> k.startsWith(head)).forEach(initialized::add);
            if (theirs && !mine) stored.keySet().stream().filter(k -> k.startsWith(head)).forEach(unused::add);
        }
        initialized.forEach(own::remove);
        unused.forEach(stored::remove);
        HfFiles.requireSameTensors(file, dir.resolve(CONFIG), own, stored, k -> own.get(k).shape());
        try (var ignored = NoGrad.enter()) {
            own.forEach((k, t) -> t.copy_(stored.get(k)));
        }
        model.eval();
        return new Loaded<>(model, List.copyOf(initialized), List.copyOf(unused));
    }

    /**
     * The file's tensors under the model's names: with or without "bert." as the model (prefixed: a model with
     * heads), gamma/beta as weight/bias, and without buffers and tied copies.
     */
    static Map<String, Tensor> rename(Map<String, Tensor> file, boolean prefixed) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : file.entrySet()) {
            String k = e.getKey();
            if (k.endsWith("embeddings.position_ids") || k.startsWith("cls.predictions.decoder.")) continue;
            if (k.endsWith("LayerNorm.gamma")) k = k.substring(0, k.length() - "gamma".length()) + "weight";
            if (k.endsWith("LayerNorm.beta")) k = k.substring(0, k.length() - "beta".length()) + "bias";
            boolean encoder = k.startsWith("embeddings.") || k.startsWith("encoder.") || k.startsWith("pooler.");
            if (prefixed && encoder) k = "bert." + k;
            if (!prefixed && k.startsWith("bert.")) k = k.substring("bert.".length());
            out.put(k, e.getValue());
        }
        // files that kept the MLM bias only as the decoder's
        if (!out.containsKey("cls.predictions.bias") && file.containsKey("cls.predictions.decoder.bias"))
            out.put("cls.predictions.bias", file.get("cls.predictions.decoder.bias"));
        return out;
    }

    /** Writes config.json (architectures = {architecture}) and model.safetensors with the model's names. */
    static void save(Module model, BertConfig config, String architecture, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Tensor> out = new LinkedHashMap<>();
        model.stateDict().forEach((k, t) -> out.put(k, t.detach()));
        SafeTensors.save(dir.resolve(WEIGHTS), out, Map.of("format", "pt"));
        String json = Json.write(config.withArchitectures(List.of(architecture)).toJson(), 2) + "\n";
        dev.nabla.util.Files.writeAtomically(dir.resolve(CONFIG), json.getBytes(StandardCharsets.UTF_8));
    }
}
