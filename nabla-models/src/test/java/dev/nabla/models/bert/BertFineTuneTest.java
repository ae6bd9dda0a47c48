package dev.nabla.models.bert;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.tasks.ConfusionMatrix;
import dev.nabla.text.tasks.LabeledText;
import dev.nabla.text.tasks.TextClassificationData;
import dev.nabla.text.wordpiece.BasicTokenizer;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.WordPiece;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Fine-tuning a tiny random BERT on a toy task that a keyword separates, and the contextual vectors of BertVectors. */
class BertFineTuneTest {
    @TempDir
    Path tmp;

    static final List<String> FILLER = List.of("the", "a", "of", "and", "to", "is", "it", "in", "on", "with", "for", "this");
    static final List<String> CLASSES = List.of("animals", "vehicles", "fruit");
    static final List<String> KEYS = List.of("cat", "car", "apple");

    /** [PAD] [UNK] [CLS] [SEP] [MASK], the filler and key words, and two pieces so that "carpet" is car ##pet. */
    static BertTokenizer tokenizer() {
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        vocab.addAll(FILLER);
        vocab.addAll(KEYS);
        vocab.addAll(List.of("##pet", "##s", "."));
        return new BertTokenizer(new WordPiece(vocab, "[UNK]"), BasicTokenizer.Options.UNCASED);
    }

    /** Random filler with the class's keyword at a random place; file names only for the record. */
    static List<LabeledText> texts(int n, Random r) {
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(CLASSES.size()), len = 3 + r.nextInt(6), at = r.nextInt(len);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < len; j++) sb.append(j == at ? KEYS.get(c) : FILLER.get(r.nextInt(FILLER.size()))).append(' ');
            out.add(new LabeledText(sb.toString().trim() + " .", c, "f" + i));
        }
        return out;
    }

    static TextClassificationData data() {
        Random r = new Random(7);
        return new TextClassificationData(CLASSES, texts(150, r), texts(45, r), texts(45, r));
    }

    static BertForSequenceClassification model(long seed) {
        return new BertForSequenceClassification(BertConfig.tiny(tokenizer().size()).withLabels(CLASSES), new Generator(seed));
    }

    @Test
    void learnsASeparableTaskAndSavesWithItsLabels() throws Exception {
        TextClassificationData d = data();
        BertTokenizer tok = tokenizer();
        BertForSequenceClassification m = model(1);
        var cfg = new BertClassifierTrainer.Config(8, 16, 32, 3e-3, 0.1, 0.01, 1.0, 3, 0, 1);
        List<BertClassifierTrainer.Epoch> heard = new ArrayList<>();
        var result = new BertClassifierTrainer(m, tok, cfg).fit(d.train(), d.validation(), false, heard::add);
        assertEquals(result.epochs(), heard);
        ConfusionMatrix test = BertClassifierTrainer.evaluate(m, tok, d.test(), 32, 7);
        assertTrue(test.accuracy() >= 0.95, "test " + test.summary());
        assertTrue(result.best().validation().accuracy() >= 0.95, result.best().summary());
        assertTrue(heard.getFirst().trainLoss() > heard.getLast().trainLoss(), "loss falls: " + heard);

        Path dir = tmp.resolve("tuned");
        m.save(dir);
        var loaded = BertFiles.load(dir, c -> new BertForSequenceClassification(c, new Generator(99)));
        assertEquals(List.of(), loaded.initialized());
        assertEquals(CLASSES, loaded.model().config.id2label());
        List<String> texts = d.test().stream().map(LabeledText::text).toList();
        assertArrayEquals(BertClassifierTrainer.predict(m, tok, texts, 32, 5), BertClassifierTrainer.predict(loaded.model(), tok, texts, 32, 45));
    }

    @Test
    void meanPoolingLeavesPaddingOutAndIsSavedInTheConfig() throws Exception {
        BertTokenizer tok = tokenizer();
        var m = new BertForSequenceClassification(BertConfig.tiny(tok.size()).withLabels(CLASSES).withClassifierPooling("mean"), new Generator(3));
        m.eval();
        List<String> texts = List.of("the cat is on it .", "car");
        List<String> shortOnly = List.of("car");
        BertBatch both = BertBatch.of(tok, texts, 32), alone = BertBatch.of(tok, shortOnly, 32);
        float[] padded = m.forward(both.inputIds(), both.tokenTypeIds(), both.attentionMask()).toArray();
        float[] single = m.forward(alone.inputIds(), alone.tokenTypeIds(), alone.attentionMask()).toArray();
        for (int j = 0; j < CLASSES.size(); j++) assertEquals(single[j], padded[CLASSES.size() + j], 1e-5f, "logit " + j);
        // the [CLS] pooler would give other logits: the two poolings differ
        var cls = new BertForSequenceClassification(m.config.withClassifierPooling("cls"), new Generator(3));
        cls.eval();
        assertNotEquals(single[0], cls.forward(alone.inputIds(), alone.tokenTypeIds(), alone.attentionMask()).toArray()[0]);

        Path dir = tmp.resolve("mean");
        m.save(dir);
        assertTrue(Files.readString(dir.resolve("config.json")).contains("\"classifier_pooling\": \"mean\""));
        assertEquals("mean", BertConfig.read(dir.resolve("config.json")).classifierPooling());
        Files.writeString(dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("\"mean\"", "\"max\""));
        var e = assertThrows(IOException.class, () -> BertConfig.read(dir.resolve("config.json")));
        assertTrue(e.getMessage().contains("classifier_pooling \"max\" is not supported"), e.getMessage());
    }

    @Test
    void earlyStoppingKeepsTheBestEpoch() {
        TextClassificationData d = data();
        BertTokenizer tok = tokenizer();
        BertForSequenceClassification m = model(2);
        // a learning rate far too high makes validation accuracy jump about, so the last epoch is rarely the best
        var cfg = new BertClassifierTrainer.Config(12, 16, 32, 0.05, 0, 0, 0, 2, 0, 3);
        var result = new BertClassifierTrainer(m, tok, cfg).fit(d.train(), d.validation(), false, e -> {});
        double best = result.epochs().stream().mapToDouble(e -> e.validation().accuracy()).max().orElseThrow();
        assertEquals(best, result.best().validation().accuracy());
        assertEquals(result.epochs().size(), result.bestEpoch() + 2, "stops 2 epochs (patience) after the best: " + result.epochs());
        assertEquals(best, BertClassifierTrainer.evaluate(m, tok, d.validation(), 32, 16).accuracy(), 1e-12, "the kept weights are the best epoch's");
    }

    @Test
    void maxStepsEndsTraining() {
        TextClassificationData d = data();
        var cfg = new BertClassifierTrainer.Config(5, 16, 32, 1e-3, 0.1, 0.01, 1.0, 2, 3, 0);
        var result = new BertClassifierTrainer(model(3), tokenizer(), cfg).fit(d.train(), d.validation(), false, e -> {});
        assertEquals(1, result.epochs().size());
        assertEquals(3, result.epochs().getFirst().steps());
    }

    @Test
    void layerDecaySlowsTheLowerLayers() {
        assertEquals(0, BertClassifierTrainer.depth("bert.embeddings.word_embeddings.weight", 3));
        assertEquals(1, BertClassifierTrainer.depth("bert.encoder.layer.0.attention.self.query.weight", 3));
        assertEquals(2, BertClassifierTrainer.depth("encoder.layer.1.output.LayerNorm.bias", 3));
        assertEquals(3, BertClassifierTrainer.depth("bert.pooler.dense.weight", 3));
        assertEquals(3, BertClassifierTrainer.depth("classifier.weight", 3));
        TextClassificationData d = data();
        float[][] moved = new float[2][];
        double[] decays = {1, 0.1};
        for (int i = 0; i < 2; i++) {
            BertForSequenceClassification m = model(4);
            var before = m.stateDict();
            float[] emb = before.get("bert.embeddings.word_embeddings.weight").toArray(), cls = before.get("classifier.weight").toArray();
            var cfg = new BertClassifierTrainer.Config(1, 16, 32, 1e-3, 0, 0.01, 1.0, 1, 3, 0, decays[i]);
            new BertClassifierTrainer(m, tokenizer(), cfg).fit(d.train(), d.validation(), false, e -> {});
            moved[i] = new float[] {maxChange(emb, m.stateDict().get("bert.embeddings.word_embeddings.weight").toArray()),
                    maxChange(cls, m.stateDict().get("classifier.weight").toArray())};
        }
        // Adam steps are about lr per weight: the tiny BERT's embeddings sit three levels under the classifier, so 0.1³
        assertEquals(moved[0][1], moved[1][1], 1e-4f, "the classifier learns at the peak rate either way");
        assertTrue(moved[1][0] < 0.002f * moved[1][1] && moved[0][0] > 0.2f * moved[0][1],
                "embeddings against classifier, max change: without decay " + java.util.Arrays.toString(moved[0]) + ", with " + java.util.Arrays.toString(moved[1]));
        assertThrows(IllegalArgumentException.class, () -> new BertClassifierTrainer.Config(1, 4, 16, 1e-3, 0, 0, 1, 1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BertClassifierTrainer.Config(1, 4, 16, 1e-3, 0, 0, 1, 1, 0, 0, 1.5));
    }

    @Test
    void distillationFollowsTheTeacherOverTheLabels() {
        TextClassificationData d = data();
        BertTokenizer tok = tokenizer();
        BertForSequenceClassification teacher = model(5);
        new BertClassifierTrainer(teacher, tok, new BertClassifierTrainer.Config(8, 16, 32, 3e-3, 0.1, 0.01, 1.0, 3, 0, 5))
                .fit(d.train(), d.validation(), false, e -> {});
        List<String> trainTexts = d.train().stream().map(LabeledText::text).toList();
        Tensor probs = BertClassifierTrainer.teacherProbabilities(List.of(teacher), List.of(tok), trainTexts, 2, 32, 16, false);
        Tensor sharp = BertClassifierTrainer.teacherProbabilities(List.of(teacher), List.of(tok), trainTexts, 1, 32, 16, false);
        Tensor logits = BertClassifierTrainer.logits(teacher, tok, trainTexts, 32, 7);
        assertArrayEquals(logits.div(2f).softmax(1).toArray(), probs.toArray(), 1e-6f, "one teacher: its softmax at T = 2");
        Tensor twice = BertClassifierTrainer.teacherProbabilities(List.of(teacher, model(6)), List.of(tok, tok), trainTexts, 2, 32, 16, false);
        Tensor other = BertClassifierTrainer.teacherProbabilities(List.of(model(6)), List.of(tok), trainTexts, 2, 32, 16, false);
        assertArrayEquals(probs.add(other).div(2f).toArray(), twice.toArray(), 1e-6f, "two teachers: the mean of their probabilities");

        // the labels of the train split replaced by noise: with α = 1 the student agrees with the teacher, with α = 0 it cannot
        Random r = new Random(11);
        List<LabeledText> noisy = d.train().stream().map(t -> new LabeledText(t.text(), r.nextInt(CLASSES.size()), t.file())).toList();
        int[] teacherSays = sharp.argmax(1, false).toArray();
        double[] agreement = new double[2];
        for (int i = 0; i < 2; i++) {
            BertForSequenceClassification student = model(7);
            var distillation = new BertClassifierTrainer.Distillation(sharp, 1 - i, 1);
            new BertClassifierTrainer(student, tok, new BertClassifierTrainer.Config(16, 16, 32, 3e-3, 0.1, 0.01, 1.0, 16, 0, 7))
                    .fit(noisy, List.of(), distillation, false, e -> {});
            int[] studentSays = BertClassifierTrainer.predict(student, tok, trainTexts, 32, 16);
            for (int j = 0; j < studentSays.length; j++) if (studentSays[j] == teacherSays[j]) agreement[i] += 1.0 / studentSays.length;
        }
        assertTrue(agreement[0] >= 0.95 && agreement[1] < 0.7, "agreement with the teacher on the train texts, α = 1 and α = 0: "
                + java.util.Arrays.toString(agreement));

        var e = assertThrows(IllegalArgumentException.class, () -> new BertClassifierTrainer(model(7), tok, new BertClassifierTrainer.Config(1, 16, 32, 1e-3, 0, 0, 1, 1, 0, 0))
                .fit(d.train(), List.of(), new BertClassifierTrainer.Distillation(Tensor.zeros(3, 3), 0.5, 2), false, x -> {}));
        assertTrue(e.getMessage().contains("[3, 3] do not match 150 train texts × 3 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BertClassifierTrainer.Distillation(probs, 1.5, 2));
        assertThrows(IllegalArgumentException.class, () -> new BertClassifierTrainer.Distillation(probs, 0.5, 0));
    }

    private static float maxChange(float[] a, float[] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void badInputIsNamed() {
        TextClassificationData d = data();
        var tooLong = new BertClassifierTrainer.Config(1, 4, 65, 1e-3, 0, 0, 1, 1, 0, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> new BertClassifierTrainer(model(0), tokenizer(), tooLong));
        assertTrue(e.getMessage().contains("max_position_embeddings 64"), e.getMessage());
        var ok = new BertClassifierTrainer.Config(1, 4, 16, 1e-3, 0, 0, 1, 1, 0, 0);
        var twoLabels = new BertForSequenceClassification(BertConfig.tiny(tokenizer().size()), new Generator(0));
        e = assertThrows(IllegalArgumentException.class, () -> new BertClassifierTrainer(twoLabels, tokenizer(), ok).fit(d.train(), d.validation(), false, x -> {}));
        assertTrue(e.getMessage().contains("not below the model's 2 labels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BertClassifierTrainer.Config(1, 0, 16, 1e-3, 0, 0, 1, 1, 0, 0));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
    }

    @Test
    void contextualVectors() {
        BertTokenizer tok = tokenizer();
        BertModel m = new BertModel(BertConfig.tiny(tok.size()), new Generator(4));
        var e = BertVectors.embed(m, tok, List.of("the carpet is on the cat", "a cat"), 16);
        assertEquals(List.of("[CLS]", "the", "car", "##pet", "is", "on", "the", "cat", "[SEP]"), e.get(0).tokens());
        assertEquals(List.of("[CLS]", "a", "cat", "[SEP]"), e.get(1).tokens(), "padding is dropped");
        assertEquals(32, e.get(1).mean().length);
        float[] carpet = BertVectors.wordVector(e.get(0), tok, "Carpet");
        for (int k = 0; k < 32; k++) assertEquals((e.get(0).tokenVectors()[2][k] + e.get(0).tokenVectors()[3][k]) / 2, carpet[k], 1e-6);
        assertNull(BertVectors.wordVector(e.get(1), tok, "apple"));
        // the same word in two contexts: two different vectors; alone, the mean over the unpadded tokens
        float[] cat0 = BertVectors.wordVector(e.get(0), tok, "cat"), cat1 = BertVectors.wordVector(e.get(1), tok, "cat");
        assertTrue(BertVectors.cosine(cat0, cat1) < 0.9999f);
        var alone = BertVectors.embed(m, tok, List.of("a cat"), 16).getFirst();
        assertArrayEquals(alone.mean(), e.get(1).mean(), 1e-5f);
        assertEquals(1f, BertVectors.cosine(carpet, carpet), 1e-6);
        assertEquals("cat", BertVectors.wordEmbeddings(m, tok).mostSimilar(m.wordEmbeddings().select(0, tok.id("cat")).toArray(), 1).getFirst().word());
    }
}
