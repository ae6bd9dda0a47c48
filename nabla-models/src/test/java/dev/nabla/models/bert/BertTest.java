package dev.nabla.models.bert;

import dev.nabla.autograd.NoGrad;
import dev.nabla.io.Json;
import dev.nabla.models.TinyCheckpoints;
import dev.nabla.io.SafeTensors;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.nabla.models.TinyCheckpoints.floats;
import static org.junit.jupiter.api.Assertions.*;

/** BERT against tools/goldens/bert.py's BertForPreTraining checkpoint in Hugging Face's layout (values from PyTorch). */
class BertTest {
    @TempDir
    Path tmp;

    static Path tiny() throws Exception {
        return TinyCheckpoints.dir("bert-tiny");
    }

    static Map<?, ?> expected() throws Exception {
        return TinyCheckpoints.expected(tiny());
    }

    /** A nested JSON list of integers as a (rows, columns) IntTensor. */
    static IntTensor ints(Object rows) {
        List<?> l = (List<?>) rows;
        int c = ((List<?>) l.get(0)).size();
        int[] out = new int[l.size() * c];
        for (int r = 0; r < l.size(); r++)
            for (int j = 0; j < c; j++) out[r * c + j] = ((Number) ((List<?>) l.get(r)).get(j)).intValue();
        return IntTensor.wrap(out, l.size(), c);
    }

    static void close(float[] want, Tensor got, double tol, String what) {
        TinyCheckpoints.close(want, got.contiguous().toArray(), tol, what);
    }

    static BertForPreTraining.Output run(BertForPreTraining m, Map<?, ?> e) {
        return m.forward(ints(e.get("input_ids")), ints(e.get("token_type_ids")), ints(e.get("attention_mask")));
    }

    @Test
    void forwardMatchesPyTorch() throws Exception {
        var loaded = BertFiles.load(tiny(), c -> new BertForPreTraining(c, new Generator(0)));
        assertEquals(List.of(), loaded.initialized());
        assertEquals(List.of(), loaded.unused());
        BertForPreTraining m = loaded.model();
        assertEquals(new BertConfig(99, 32, 2, 4, 48, "gelu", 0.1f, 0.1f, 40, 2, 0.02f, 1e-12f, 0, null,
                BertConfig.labels(2), List.of("BertForPreTraining"), "cls"), m.config);
        Map<?, ?> e = expected();
        try (var ignored = NoGrad.enter()) {
            var out = run(m, e);
            close(floats(e.get("last_hidden_state")), out.bert().lastHiddenState(), 1e-4, "last_hidden_state");
            close(floats(e.get("pooler_output")), out.bert().poolerOutput(), 1e-4, "pooler_output");
            close(floats(e.get("prediction_logits")), out.predictionLogits(), 1e-4, "prediction_logits");
            close(floats(e.get("seq_relationship_logits")), out.seqRelationshipLogits(), 1e-4, "seq_relationship_logits");
        }
    }

    @Test
    void pretrainingLossAndGradientsMatchPyTorch() throws Exception {
        Map<?, ?> e = expected();
        IntTensor mlm = ints(e.get("mlm_labels")), nsp = IntTensor.wrap(ints(List.of(e.get("next_sentence_label"))).storage(), 3);
        BertForPreTraining full = BertForPreTraining.fromPretrained(tiny()), gathered = BertForPreTraining.fromPretrained(tiny());
        checkLossAndGradients(full, BertForPreTraining.loss(run(full, e), mlm, nsp), e, "full logits");
        checkLossAndGradients(gathered, gathered.pretrainingLoss(ints(e.get("input_ids")), ints(e.get("token_type_ids")),
                ints(e.get("attention_mask")), mlm, nsp), e, "labelled positions only");
    }

    static void checkLossAndGradients(BertForPreTraining m, Tensor loss, Map<?, ?> e, String how) {
        assertEquals(((Number) e.get("loss")).doubleValue(), loss.item(), 1e-4, "loss, " + how);
        loss.backward();
        Map<String, Tensor> params = m.namedParameters();
        Map<?, ?> grads = (Map<?, ?>) e.get("grads");
        assertEquals(10, grads.size());
        for (var g : grads.entrySet()) {
            Tensor p = params.get((String) g.getKey());
            assertNotNull(p, "parameter " + g.getKey());
            close(floats(g.getValue()), p.grad(), 1e-4, "grad of " + g.getKey() + ", " + how);
        }
    }

    @Test
    void maskedLMLossOfTheLabelledPositionsIsTheFullLogitsLoss() throws Exception {
        Map<?, ?> e = expected();
        IntTensor ids = ints(e.get("input_ids")), types = ints(e.get("token_type_ids")), mask = ints(e.get("attention_mask"));
        IntTensor labels = ints(e.get("mlm_labels"));
        BertForMaskedLM a = BertForMaskedLM.fromPretrained(tiny()), b = BertForMaskedLM.fromPretrained(tiny());
        Tensor full = BertForMaskedLM.loss(a.forward(ids, types, mask), labels), gathered = b.maskedLoss(ids, types, mask, labels);
        assertEquals(full.item(), gathered.item(), 1e-5);
        full.backward();
        gathered.backward();
        Map<String, Tensor> pb = b.namedParameters();
        a.namedParameters().forEach((k, p) -> close(p.grad().contiguous().toArray(), pb.get(k).grad(), 1e-5, "grad of " + k));
        assertThrows(IllegalArgumentException.class, () -> b.maskedLoss(ids, types, mask, IntTensor.zeros(3, 8)));
    }

    @Test
    void encoderAloneGivesTheSameStatesAndAllHiddenStates() throws Exception {
        var loaded = BertFiles.load(tiny(), c -> new BertModel(c, new Generator(0)));
        assertTrue(loaded.unused().contains("cls.seq_relationship.weight"), loaded.unused().toString());
        assertEquals(List.of(), loaded.initialized());
        Map<?, ?> e = expected();
        try (var ignored = NoGrad.enter()) {
            var out = loaded.model().forward(ints(e.get("input_ids")), ints(e.get("token_type_ids")), ints(e.get("attention_mask")), true);
            close(floats(e.get("last_hidden_state")), out.lastHiddenState(), 1e-4, "last_hidden_state");
            close(floats(e.get("pooler_output")), out.poolerOutput(), 1e-4, "pooler_output");
            assertEquals(3, out.hiddenStates().size(), "embeddings + 2 layers");
            assertSame(out.lastHiddenState(), out.hiddenStates().get(2));
        }
    }

    @Test
    void maskedLMAndClassifiersLoadThePretrainingFile() throws Exception {
        Map<?, ?> e = expected();
        IntTensor ids = ints(e.get("input_ids")), types = ints(e.get("token_type_ids")), mask = ints(e.get("attention_mask"));
        try (var ignored = NoGrad.enter()) {
            close(floats(e.get("prediction_logits")), BertForMaskedLM.fromPretrained(tiny()).forward(ids, types, mask), 1e-4, "MLM logits");
            var seq = BertFiles.load(tiny(), c -> new BertForSequenceClassification(c.withLabels(List.of("a", "b", "c")), new Generator(0)));
            assertEquals(List.of("classifier.weight", "classifier.bias"), seq.initialized());
            assertArrayEquals(new int[] {3, 3}, seq.model().forward(ids, types, mask).shape());
            var tok = BertFiles.load(tiny(), c -> new BertForTokenClassification(c, new Generator(0)));
            assertTrue(tok.unused().contains("bert.pooler.dense.weight"), tok.unused().toString());
            assertArrayEquals(new int[] {3, 9, 2}, tok.model().forward(ids, types, mask).shape());
        }
    }

    @Test
    void paddingDoesNotChangeTheRealTokensStates() throws Exception {
        BertModel m = BertModel.fromPretrained(tiny());
        int[] ids = {1, 40, 41, 2, 50, 2};
        try (var ignored = NoGrad.enter()) {
            Tensor alone = m.forward(IntTensor.wrap(ids, 1, 6), null, null).lastHiddenState();
            int[] padded = java.util.Arrays.copyOf(ids, 10), att = new int[10];
            java.util.Arrays.fill(att, 0, 6, 1);
            Tensor batch = m.forward(IntTensor.wrap(padded, 1, 10), null, IntTensor.wrap(att, 1, 10)).lastHiddenState();
            close(alone.contiguous().toArray(), batch.narrow(1, 0, 6), 1e-5, "real tokens");
        }
    }

    @Test
    void meanPoolingAveragesTheRealTokens() throws Exception {
        Tensor h = Tensor.wrap(new float[] {1, 2, 3, 4, 100, 100, /* row 2 */ 5, 6, 7, 8, 9, 10}, 2, 3, 2);
        close(new float[] {2, 3, 7, 8}, BertModel.meanPool(h, IntTensor.wrap(new int[] {1, 1, 0, 1, 1, 1}, 2, 3)), 1e-6, "masked mean");
        close(new float[] {34.666668f, 35.333332f, 7, 8}, BertModel.meanPool(h, null), 1e-4, "plain mean");
        assertThrows(IllegalArgumentException.class, () -> BertModel.meanPool(h, IntTensor.zeros(2, 2)));
    }

    @Test
    void saveWritesHuggingFacesLayoutAndReloadsTheSameModel() throws Exception {
        BertForPreTraining m = BertForPreTraining.fromPretrained(tiny());
        Path dir = tmp.resolve("saved");
        m.save(dir);
        var saved = SafeTensors.load(dir.resolve("model.safetensors")).tensors();
        var original = SafeTensors.load(tiny().resolve("model.safetensors")).tensors();
        for (var e : saved.entrySet()) {
            assertNotNull(original.get(e.getKey()), "HF key " + e.getKey());
            assertArrayEquals(original.get(e.getKey()).toArray(), e.getValue().toArray(), e.getKey());
        }
        assertEquals(original.size() - 2, saved.size(), "all but the tied decoder copies");
        assertEquals(m.config, BertConfig.read(dir.resolve("config.json")));
        BertForPreTraining back = BertForPreTraining.fromPretrained(dir);
        Map<?, ?> e = expected();
        try (var ignored = NoGrad.enter()) {
            assertArrayEquals(run(m, e).predictionLogits().toArray(), run(back, e).predictionLogits().toArray());
        }
    }

    @Test
    void aFineTunedClassifierRoundTripsWithItsLabels() throws Exception {
        var labels = List.of("java.util", "java.net", "java.time");
        var m = BertFiles.load(tiny(), c -> new BertForSequenceClassification(c.withLabels(labels), new Generator(3))).model();
        Path dir = tmp.resolve("classifier");
        m.save(dir);
        BertConfig saved = BertConfig.read(dir.resolve("config.json"));
        assertEquals(labels, saved.id2label());
        assertEquals(List.of("BertForSequenceClassification"), saved.architectures());
        var back = BertForSequenceClassification.fromPretrained(dir);
        Map<?, ?> e = expected();
        IntTensor ids = ints(e.get("input_ids")), types = ints(e.get("token_type_ids")), mask = ints(e.get("attention_mask"));
        try (var ignored = NoGrad.enter()) {
            assertArrayEquals(m.forward(ids, types, mask).toArray(), back.forward(ids, types, mask).toArray());
        }
        IOException ex = assertThrows(IOException.class, () -> BertFiles.load(dir, c -> new BertForSequenceClassification(c.withLabels(List.of("a", "b")), new Generator(0))));
        assertTrue(ex.getMessage().contains("classifier.weight has shape [3, 32], config.json implies [2, 32]"), ex.getMessage());
    }

    @Test
    void filesWithoutThePrefixAndWithGammaBetaLoad() throws Exception {
        Path dir = copyOfTiny("renamed");
        Map<String, Tensor> t = new LinkedHashMap<>();
        SafeTensors.load(tiny().resolve("model.safetensors")).tensors().forEach((k, v) -> {
            if (k.startsWith("cls.")) return;
            String name = k.substring("bert.".length()).replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta");
            t.put(name, v);
        });
        SafeTensors.save(dir.resolve("model.safetensors"), t);
        Map<?, ?> e = expected();
        var loaded = BertFiles.load(dir, c -> new BertForPreTraining(c, new Generator(0)));
        assertTrue(loaded.initialized().contains("cls.predictions.bias"));
        try (var ignored = NoGrad.enter()) {
            close(floats(e.get("last_hidden_state")), run(loaded.model(), e).bert().lastHiddenState(), 1e-4, "last_hidden_state");
        }
    }

    @Test
    void badCheckpointsNameTheFileAndTheTensor() throws Exception {
        Path dir = copyOfTiny("bad");
        Map<String, Tensor> t = new LinkedHashMap<>(SafeTensors.load(tiny().resolve("model.safetensors")).tensors());
        t.remove("bert.encoder.layer.1.intermediate.dense.bias");
        t.put("bert.encoder.layer.0.attention.self.key.weight", Tensor.zeros(32, 33));
        t.put("bert.encoder.layer.0.extra", Tensor.zeros(2));
        t.remove("cls.seq_relationship.bias"); // half a head is an error too
        SafeTensors.save(dir.resolve("model.safetensors"), t);
        IOException ex = assertThrows(IOException.class, () -> BertForPreTraining.fromPretrained(dir));
        String msg = ex.getMessage();
        assertTrue(msg.contains(dir.resolve("model.safetensors").toString()), msg);
        assertTrue(msg.contains("missing tensor bert.encoder.layer.1.intermediate.dense.bias"), msg);
        assertTrue(msg.contains("missing tensor cls.seq_relationship.bias"), msg);
        assertTrue(msg.contains("unexpected tensor bert.encoder.layer.0.extra"), msg);
        assertTrue(msg.contains("bert.encoder.layer.0.attention.self.key.weight has shape [32, 33], config.json implies [32, 32]"), msg);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        assertTrue(assertThrows(IOException.class, () -> BertModel.fromPretrained(dir)).getMessage().contains("gpt2"));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_act\": \"swish\"}");
        assertTrue(assertThrows(IOException.class, () -> BertModel.fromPretrained(dir)).getMessage().contains("swish"));
    }

    @Test
    void badInputsAreRejected() throws Exception {
        BertModel m = new BertModel(BertConfig.tiny(20), new Generator(1));
        IntTensor ids = IntTensor.wrap(new int[] {1, 2, 3}, 1, 3);
        assertThrows(IllegalArgumentException.class, () -> m.forward(IntTensor.wrap(new int[] {1, 20}, 1, 2), null, null));
        assertThrows(IllegalArgumentException.class, () -> m.forward(ids, IntTensor.wrap(new int[] {0, 2, 0}, 1, 3), null));
        assertThrows(IllegalArgumentException.class, () -> m.forward(ids, null, IntTensor.wrap(new int[] {1, 1}, 1, 2)));
        assertThrows(IllegalArgumentException.class, () -> m.forward(ids, null, IntTensor.wrap(new int[] {1, 2, 1}, 1, 3)));
        assertThrows(IllegalArgumentException.class, () -> m.forward(IntTensor.zeros(1, 65), null, null));
    }

    @Test
    void configRoundTripsThroughConfigJson() throws Exception {
        for (BertConfig c : List.of(BertConfig.tiny(50), BertConfig.small(BertConfig.BERT_VOCAB), BertConfig.base(),
                BertConfig.tiny(10).withLabels(List.of("java.util", "java.net")).withArchitectures(List.of("BertForSequenceClassification")))) {
            Path f = tmp.resolve("c.json");
            Files.writeString(f, Json.write(c.toJson(), 2));
            assertEquals(c, BertConfig.read(f));
        }
        // the count of google/bert_uncased_L-4_H-256_A-4's BertModel (the same formula gives bert-base-uncased's 109,482,240)
        assertEquals(11_170_560L, new BertModel(BertConfig.small(BertConfig.BERT_VOCAB), new Generator(1)).numParameters());
    }

    private Path copyOfTiny(String name) throws Exception {
        return TinyCheckpoints.copy(tiny(), tmp, name);
    }
}
