package dev.nabla.models.gpt;

import dev.nabla.models.HfFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.nabla.models.HfFiles.decimal;
import static dev.nabla.models.HfFiles.integer;
import static dev.nabla.models.HfFiles.number;

/**
 * The shape of a {@link GPT}, with the names of Hugging Face's GPT2Config: vocabSize tokens, nPositions (the block
 * size, the longest context), nEmbd channels, nLayer blocks of nHead heads, dropout on embeddings, attention weights
 * and residuals, LayerNorm epsilon, and whether the Linear layers have biases (GPT-2: yes).
 */
public record GPTConfig(int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, float dropout,
                        float layerNormEpsilon, boolean bias) {
    public GPTConfig {
        if (vocabSize <= 0 || nPositions <= 0 || nEmbd <= 0 || nLayer < 0 || nHead <= 0)
            throw new IllegalArgumentException("GPTConfig: sizes must be positive, got vocab_size=" + vocabSize + ", n_positions="
                    + nPositions + ", n_embd=" + nEmbd + ", n_layer=" + nLayer + ", n_head=" + nHead);
        if (nEmbd % nHead != 0)
            throw new IllegalArgumentException("GPTConfig: n_embd " + nEmbd + " is not divisible by n_head " + nHead);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("GPTConfig: dropout must be in [0, 1), got " + dropout);
        if (!(layerNormEpsilon > 0)) throw new IllegalArgumentException("GPTConfig: layer_norm_epsilon must be > 0, got " + layerNormEpsilon);
    }

    public static final int GPT2_VOCAB = 50257;

    /** A few layers of 64 channels: tests and quick experiments. */
    public static GPTConfig tiny(int vocabSize) {
        return new GPTConfig(vocabSize, 64, 64, 2, 2, 0f, 1e-5f, true);
    }

    /** nanoGPT's character-level "baby GPT" for Tiny Shakespeare. */
    public static GPTConfig baby(int vocabSize) {
        return new GPTConfig(vocabSize, 256, 384, 6, 6, 0.2f, 1e-5f, true);
    }

    /** GPT-2 small (124M parameters). */
    public static GPTConfig gpt2() {
        return new GPTConfig(GPT2_VOCAB, 1024, 768, 12, 12, 0.1f, 1e-5f, true);
    }

    /** GPT-2 medium (350M). */
    public static GPTConfig gpt2Medium() {
        return new GPTConfig(GPT2_VOCAB, 1024, 1024, 24, 16, 0.1f, 1e-5f, true);
    }

    public int headDim() {
        return nEmbd / nHead;
    }

    public GPTConfig withDropout(float p) {
        return new GPTConfig(vocabSize, nPositions, nEmbd, nLayer, nHead, p, layerNormEpsilon, bias);
    }

    // ---------------------------------------------------------------- config.json

    /** Reads a Hugging Face config.json of a GPT-2 model (model_type "gpt2", activation "gelu_new"). */
    public static GPTConfig read(Path file) throws IOException {
        Map<?, ?> m = HfFiles.readObject(file);
        Object type = m.get("model_type");
        if (type != null && !"gpt2".equals(type)) throw new IOException(file + ": model_type is \"" + type + "\", expected \"gpt2\"");
        Object act = m.get("activation_function");
        if (act != null && !"gelu_new".equals(act) && !"gelu_pytorch_tanh".equals(act))
            throw new IOException(file + ": activation_function \"" + act + "\" is not supported (GPT-2 uses \"gelu_new\")");
        try {
            int nEmbd = integer(m, "n_embd", 768, file);
            int nPos = integer(m, "n_positions", m.containsKey("n_ctx") ? integer(m, "n_ctx", 1024, file) : 1024, file);
            float drop = (float) number(m, "resid_pdrop", 0.1, file);
            for (String k : new String[] {"embd_pdrop", "attn_pdrop"})
                if (m.containsKey(k) && (float) number(m, k, 0, file) != drop)
                    throw new IOException(file + ": " + k + " differs from resid_pdrop; nabla uses one dropout rate");
            return new GPTConfig(integer(m, "vocab_size", GPT2_VOCAB, file), nPos, nEmbd, integer(m, "n_layer", 12, file),
                    integer(m, "n_head", 12, file), drop, (float) number(m, "layer_norm_epsilon", 1e-5, file),
                    !(m.get("bias") instanceof Boolean b) || b);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The config.json that Hugging Face's GPT2Config writes for these sizes (plus "bias" when false). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", java.util.List.of("GPT2LMHeadModel"));
        m.put("model_type", "gpt2");
        m.put("activation_function", "gelu_new");
        m.put("vocab_size", (long) vocabSize);
        m.put("n_positions", (long) nPositions);
        m.put("n_ctx", (long) nPositions);
        m.put("n_embd", (long) nEmbd);
        m.put("n_layer", (long) nLayer);
        m.put("n_head", (long) nHead);
        m.put("resid_pdrop", decimal(dropout));
        m.put("embd_pdrop", decimal(dropout));
        m.put("attn_pdrop", decimal(dropout));
        m.put("layer_norm_epsilon", decimal(layerNormEpsilon));
        m.put("initializer_range", 0.02);
        m.put("tie_word_embeddings", true);
        m.put("bos_token_id", (long) Math.min(50256, vocabSize - 1));
        m.put("eos_token_id", (long) Math.min(50256, vocabSize - 1));
        if (!bias) m.put("bias", false);
        return m;
    }
}
