package dev.nabla.models.bert;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.wordpiece.BasicTokenizer;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.WordPieceTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ELECTRA's replaced-token detection on the small generated corpus of BertPretrainerTest, with a tiny model. */
class ElectraPretrainingTest {
    private static final List<List<String>> DOCS = BertPretrainerTest.documents(60, 3);
    private static final BertTokenizer TOK = WordPieceTrainer.train(String.join("\n", DOCS.stream().flatMap(List::stream).toList()), 120, 1,
            BasicTokenizer.Options.UNCASED, false);
    private static final PretrainingData DATA = PretrainingData.encode(DOCS, TOK);

    private static BertPretrainer trainer(int steps) {
        return new BertPretrainer(BertConfig.tiny(TOK.size()), TOK, DATA, new BertPretrainer.Config(8, 24, false, 3e-3, 2, steps, 0.01, 1.0, 5, 1));
    }

    @Test
    void theDiscriminatorSeesTheGeneratorsSamplesWhereTheTextWasMasked() {
        BertPretrainer t = trainer(40);
        ElectraPretraining m = (ElectraPretraining) t.model();
        BertPretrainer.Batch b = t.nextBatch();
        ElectraPretraining.Output out = m.forward(b.inputIds(), b.tokenTypeIds(), b.attentionMask(), b.labels(), new Generator(1));
        int[] masked = b.inputIds().storage(), labels = b.labels().storage(), corrupted = out.corrupted().storage();
        float[] replaced = out.replaced().storage();
        int n = 0, changed = 0;
        for (int i = 0; i < masked.length; i++) {
            int original = labels[i] != DynamicMasking.IGNORE ? labels[i] : masked[i];
            if (labels[i] == DynamicMasking.IGNORE) assertEquals(masked[i], corrupted[i], "untouched where nothing was masked, at " + i);
            else n++;
            assertEquals(corrupted[i] != original ? 1f : 0f, replaced[i], "the label says whether the token differs, at " + i);
            if (corrupted[i] != original) changed++;
        }
        assertEquals(n, out.targets().numel());
        assertArrayEquals(new int[] {n, TOK.size()}, out.generatorLogits().shape());
        assertArrayEquals(b.inputIds().shape(), out.discriminatorLogits().shape());
        assertTrue(changed > 0 && changed <= n, changed + " replaced of " + n + " masked");
        assertEquals(out.mlm().item() + 50 * out.rtd().item(), out.loss().item(), 1e-4);
    }

    @Test
    void generatorAndDiscriminatorShareTheEmbeddingsAndBothLearn() {
        BertPretrainer t = trainer(300);
        ElectraPretraining m = (ElectraPretraining) t.model();
        assertSame(m.bert.wordEmbeddings(), m.generator.bert.wordEmbeddings());
        List<Tensor> params = m.parameters();
        Map<Tensor, Boolean> unique = new IdentityHashMap<>();
        params.forEach(p -> unique.put(p, true));
        assertEquals(params.size(), unique.size(), "each parameter once, so AdamW steps the shared embeddings once");
        assertTrue(m.stateDict().containsKey("generator.bert.embeddings.word_embeddings.weight"));
        assertFalse(m.namedParameters().containsKey("generator.bert.embeddings.word_embeddings.weight"));

        BertPretrainer.Evaluation before = t.evaluate(DATA, 4, 9);
        for (int i = 0; i < 300; i++) assertFalse(Double.isNaN(t.step().rtd()));
        BertPretrainer.Evaluation after = t.evaluate(DATA, 4, 9);
        assertTrue(after.mlmLoss() < before.mlmLoss() - 2.0, "the generator learns: " + before + " → " + after);
        // after 60 steps it only calls every token original; by 300 it spots some replacements (0.935 against 0.915)
        assertTrue(after.rtdAccuracy() > 1 - after.replaced() + 0.01, "the discriminator beats calling every token original: " + after);
        assertTrue(Double.isNaN(after.nspAccuracy()));
        assertEquals(after, t.evaluate(DATA, 4, 9));
    }

    @Test
    void resumedRunIsBitIdentical(@TempDir Path dir) throws IOException {
        BertPretrainer straight = trainer(40);
        double[] want = new double[6];
        for (int i = 0; i < 6; i++) want[i] = straight.step().total();
        BertPretrainer first = trainer(40);
        double[] got = new double[6];
        for (int i = 0; i < 3; i++) got[i] = first.step().total();
        first.save(dir.resolve("train.safetensors"), Map.of());
        first.step();
        BertPretrainer resumed = trainer(40);
        resumed.resume(dir.resolve("train.safetensors"));
        for (int i = 3; i < 6; i++) got[i] = resumed.step().total();
        assertArrayEquals(want, got);
    }

    @Test
    void savesTheDiscriminatorAsABertAndTheGeneratorAsAMaskedLM(@TempDir Path dir) throws IOException {
        BertPretrainer t = trainer(40);
        for (int i = 0; i < 3; i++) t.step();
        t.saveModel(dir);
        ElectraPretraining m = (ElectraPretraining) t.model();
        m.eval();
        IntTensor ids = IntTensor.wrap(new int[] {TOK.clsTokenId(), TOK.id("cat"), TOK.id("sees"), TOK.sepTokenId()}, 1, 4);
        BertModel discriminator = BertModel.fromPretrained(dir);
        assertArrayEquals(m.bert.forward(ids, null, null).lastHiddenState().toArray(), discriminator.forward(ids, null, null).lastHiddenState().toArray(), 1e-6f);
        var classifier = BertForSequenceClassification.fromPretrained(dir); // fine-tuning starts here
        assertEquals(TOK.size(), classifier.config.vocabSize());
        BertForMaskedLM generator = BertForMaskedLM.fromPretrained(dir.resolve("generator"));
        assertEquals(1, generator.config.numHiddenLayers());
        assertArrayEquals(m.generator.forward(ids, null, null).toArray(), generator.forward(ids, null, null).toArray(), 1e-6f);
        assertEquals(2, FillMask.predict(generator, dev.nabla.text.wordpiece.WordPieceFiles.load(dir.resolve("generator")), "the [MASK] sees a [MASK].", 3).size());
    }

    @Test
    void badSettingsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BertPretrainer.Config(8, 24, true, 3e-3, 2, 40, 0.01, 1.0, 5, 1));
        assertTrue(e.getMessage().contains("next-sentence"), e.getMessage());
        var init = assertThrows(IllegalArgumentException.class, () -> trainer(40).initFrom(Path.of("x")));
        assertTrue(init.getMessage().contains("ELECTRA"), init.getMessage());
        var layers = assertThrows(IllegalArgumentException.class, () -> new ElectraPretraining(BertConfig.tiny(TOK.size()), 0, new Generator(0)));
        assertTrue(layers.getMessage().contains("layer"), layers.getMessage());
    }
}
