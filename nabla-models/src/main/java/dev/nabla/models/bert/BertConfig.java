package dev.nabla.models.bert;

import dev.nabla.models.HfFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.nabla.models.HfFiles.decimal;
import static dev.nabla.models.HfFiles.integer;
import static dev.nabla.models.HfFiles.number;

/**
 * The shape of a BERT, with the names of Hugging Face's BertConfig: vocabSize tokens, maxPositionEmbeddings
 * positions, typeVocabSize segments, numHiddenLayers post-LayerNorm layers of hiddenSize channels in
 * numAttentionHeads heads and an intermediateSize feed-forward with hiddenAct ("gelu" is the exact, erf GELU), dropout
 * on hidden states and on attention weights, initializerRange (the std of initial weights), layerNormEps, padTokenId,
 * classifierDropout (null: hiddenDropoutProb), the classification heads' labels (id2label) and architectures, and how
 * the sequence classifier pools the text (classifierPooling: "cls", the pooler on [CLS] as Hugging Face's
 * BertForSequenceClassification, or "mean", the mean of the token states as ModernBERT's classifier_pooling; a BERT
 * pretrained for minutes has no useful [CLS] yet).
 */
public record BertConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
                         String hiddenAct, float hiddenDropoutProb, float attentionProbsDropoutProb,
                         int maxPositionEmbeddings, int typeVocabSize, float initializerRange, float layerNormEps,
                         int padTokenId, Float classifierDropout, List<String> id2label, List<String> architectures,
                         String classifierPooling) {
    public static final int BERT_VOCAB = 30522;
    static final List<String> ACTIVATIONS = List.of("gelu", "gelu_new", "gelu_pytorch_tanh", "relu");
    static final List<String> POOLINGS = List.of("cls", "mean");

    public BertConfig {
        if (vocabSize <= 0 || hiddenSize <= 0 || numHiddenLayers < 0 || numAttentionHeads <= 0 || intermediateSize <= 0
                || maxPositionEmbeddings <= 0 || typeVocabSize <= 0)
            throw new IllegalArgumentException("BertConfig: sizes must be positive, got vocab_size=" + vocabSize + ", hidden_size="
                    + hiddenSize + ", num_hidden_layers=" + numHiddenLayers + ", num_attention_heads=" + numAttentionHeads
                    + ", intermediate_size=" + intermediateSize + ", max_position_embeddings=" + maxPositionEmbeddings
                    + ", type_vocab_size=" + typeVocabSize);
        if (hiddenSize % numAttentionHeads != 0)
            throw new IllegalArgumentException("BertConfig: hidden_size " + hiddenSize + " is not divisible by num_attention_heads " + numAttentionHeads);
        if (!ACTIVATIONS.contains(hiddenAct))
            throw new IllegalArgumentException("BertConfig: hidden_act \"" + hiddenAct + "\" is not supported (one of " + ACTIVATIONS + ")");
        for (float p : new float[] {hiddenDropoutProb, attentionProbsDropoutProb, classifierDropout == null ? 0 : classifierDropout})
            if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("BertConfig: dropout probabilities must be in [0, 1), got " + p);
        if (!(layerNormEps > 0)) throw new IllegalArgumentException("BertConfig: layer_norm_eps must be > 0, got " + layerNormEps);
        if (!(initializerRange >= 0)) throw new IllegalArgumentException("BertConfig: initializer_range must be >= 0, got " + initializerRange);
        if (padTokenId < 0 || padTokenId >= vocabSize)
            throw new IllegalArgumentException("BertConfig: pad_token_id " + padTokenId + " is outside [0, " + vocabSize + ")");
        if (!POOLINGS.contains(classifierPooling))
            throw new IllegalArgumentException("BertConfig: classifier_pooling \"" + classifierPooling + "\" is not supported (one of " + POOLINGS + ")");
        if (id2label.isEmpty()) throw new IllegalArgumentException("BertConfig: id2label needs at least one label");
        id2label = List.copyOf(id2label);
        architectures = List.copyOf(architectures);
    }

    /** BERT's sizes around the given layers: 512 positions, 2 token types, dropout 0.1, two labels. */
    public static BertConfig of(int vocabSize, int layers, int hidden, int heads, int intermediate) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, "gelu", 0.1f, 0.1f, 512, 2, 0.02f, 1e-12f, 0,
                null, labels(2), List.of(), "cls");
    }

    /** Two layers of 32 channels: tests. */
    public static BertConfig tiny(int vocabSize) {
        return of(vocabSize, 2, 32, 4, 64).withMaxPositions(64);
    }

    /** L 4, H 256, A 4, FFN 1024 (Google's BERT-Small). */
    public static BertConfig small(int vocabSize) {
        return of(vocabSize, 4, 256, 4, 1024);
    }

    /** BERT-base: L 12, H 768, A 12, FFN 3072 (110M parameters with the 30522-token uncased vocabulary). */
    public static BertConfig base() {
        return of(BERT_VOCAB, 12, 768, 12, 3072);
    }

    /** "LABEL_0" ... as Hugging Face names labels it was not told. */
    public static List<String> labels(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add("LABEL_" + i);
        return l;
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    public int numLabels() {
        return id2label.size();
    }

    /** The dropout of the classification heads. */
    public float classifierDropoutOrDefault() {
        return classifierDropout != null ? classifierDropout : hiddenDropoutProb;
    }

    public BertConfig withDropout(float p) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct, p, p,
                maxPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps, padTokenId, classifierDropout == null ? null : p,
                id2label, architectures, classifierPooling);
    }

    public BertConfig withMaxPositions(int n) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb,
                attentionProbsDropoutProb, n, typeVocabSize, initializerRange, layerNormEps, padTokenId, classifierDropout, id2label, architectures, classifierPooling);
    }

    public BertConfig withLayers(int n) {
        return new BertConfig(vocabSize, hiddenSize, n, numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb,
                attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps, padTokenId,
                classifierDropout, id2label, architectures, classifierPooling);
    }

    /** The standard deviation of the initial weights (BERT's 0.02). */
    public BertConfig withInitializerRange(float std) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb,
                attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, std, layerNormEps, padTokenId,
                classifierDropout, id2label, architectures, classifierPooling);
    }

    public BertConfig withLabels(List<String> labels) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb,
                attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps, padTokenId,
                classifierDropout, labels, architectures, classifierPooling);
    }

    public BertConfig withArchitectures(List<String> names) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb,
                attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps, padTokenId,
                classifierDropout, id2label, names, classifierPooling);
    }

    /** "cls" or "mean": see the class comment. */
    public BertConfig withClassifierPooling(String pooling) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb,
                attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, initializerRange, layerNormEps, padTokenId,
                classifierDropout, id2label, architectures, pooling);
    }

    // ---------------------------------------------------------------- config.json

    /** Reads a Hugging Face config.json of a BERT model (model_type "bert"); absent keys take BertConfig's defaults. */
    public static BertConfig read(Path file) throws IOException {
        Map<?, ?> m = HfFiles.readObject(file);
        Object type = m.get("model_type");
        if (type != null && !"bert".equals(type)) throw new IOException(file + ": model_type is \"" + type + "\", expected \"bert\"");
        Object pos = m.get("position_embedding_type");
        if (pos != null && !"absolute".equals(pos))
            throw new IOException(file + ": position_embedding_type \"" + pos + "\" is not supported (only \"absolute\")");
        try {
            Float classifierDropout = m.get("classifier_dropout") == null ? null : (float) number(m, "classifier_dropout", 0, file);
            return new BertConfig(integer(m, "vocab_size", BERT_VOCAB, file), integer(m, "hidden_size", 768, file),
                    integer(m, "num_hidden_layers", 12, file), integer(m, "num_attention_heads", 12, file),
                    integer(m, "intermediate_size", 3072, file), string(m, "hidden_act", "gelu", file),
                    (float) number(m, "hidden_dropout_prob", 0.1, file), (float) number(m, "attention_probs_dropout_prob", 0.1, file),
                    integer(m, "max_position_embeddings", 512, file), integer(m, "type_vocab_size", 2, file),
                    (float) number(m, "initializer_range", 0.02, file), (float) number(m, "layer_norm_eps", 1e-12, file),
                    integer(m, "pad_token_id", 0, file), classifierDropout, id2label(m, file), strings(m, "architectures", file),
                    string(m, "classifier_pooling", "cls", file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** id2label {"0": "neg", "1": "pos"} as a list, or num_labels generic labels, or two. */
    private static List<String> id2label(Map<?, ?> m, Path file) throws IOException {
        if (!(m.get("id2label") instanceof Map<?, ?> map)) return labels(integer(m, "num_labels", 2, file));
        String[] out = new String[map.size()];
        for (var e : map.entrySet()) {
            int i;
            try {
                i = Integer.parseInt(String.valueOf(e.getKey()));
            } catch (NumberFormatException ex) {
                throw new IOException(file + ": id2label key \"" + e.getKey() + "\" is not a label id");
            }
            if (i < 0 || i >= out.length || out[i] != null) throw new IOException(file + ": id2label ids are not 0.." + (out.length - 1));
            out[i] = String.valueOf(e.getValue());
        }
        return List.of(out);
    }

    private static String string(Map<?, ?> m, String key, String absent, Path file) throws IOException {
        Object v = m.get(key);
        if (v == null) return absent;
        if (!(v instanceof String str)) throw new IOException(file + ": \"" + key + "\" is not a string: " + v);
        return str;
    }

    private static List<String> strings(Map<?, ?> m, String key, Path file) throws IOException {
        Object v = m.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> l) || !l.stream().allMatch(o -> o instanceof String))
            throw new IOException(file + ": \"" + key + "\" is not a list of strings: " + v);
        return l.stream().map(String.class::cast).toList();
    }

    /** The config.json that Hugging Face's BertConfig writes for these sizes. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!architectures.isEmpty()) m.put("architectures", architectures);
        m.put("model_type", "bert");
        m.put("vocab_size", (long) vocabSize);
        m.put("hidden_size", (long) hiddenSize);
        m.put("num_hidden_layers", (long) numHiddenLayers);
        m.put("num_attention_heads", (long) numAttentionHeads);
        m.put("intermediate_size", (long) intermediateSize);
        m.put("hidden_act", hiddenAct);
        m.put("hidden_dropout_prob", decimal(hiddenDropoutProb));
        m.put("attention_probs_dropout_prob", decimal(attentionProbsDropoutProb));
        m.put("max_position_embeddings", (long) maxPositionEmbeddings);
        m.put("type_vocab_size", (long) typeVocabSize);
        m.put("initializer_range", decimal(initializerRange));
        m.put("layer_norm_eps", decimal(layerNormEps));
        m.put("pad_token_id", (long) padTokenId);
        m.put("position_embedding_type", "absolute");
        m.put("classifier_dropout", classifierDropout == null ? null : decimal(classifierDropout));
        if (!classifierPooling.equals("cls")) m.put("classifier_pooling", classifierPooling); // Hugging Face's BertConfig has no such key
        Map<String, Object> ids = new LinkedHashMap<>(), labels = new LinkedHashMap<>();
        for (int i = 0; i < id2label.size(); i++) {
            ids.put(Integer.toString(i), id2label.get(i));
            labels.put(id2label.get(i), (long) i);
        }
        m.put("id2label", ids);
        m.put("label2id", labels);
        return m;
    }
}
