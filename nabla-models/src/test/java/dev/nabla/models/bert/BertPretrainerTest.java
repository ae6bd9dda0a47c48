package dev.nabla.models.bert;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.wordpiece.BasicTokenizer;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.WordPieceFiles;
import dev.nabla.text.wordpiece.WordPieceTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BERT pretraining on a small generated corpus with a tiny model. */
class BertPretrainerTest {
    private static final String[] SUBJECTS = {"the cat", "a dog", "the bird", "my friend", "the teacher", "a child"};
    private static final String[] VERBS = {"sees", "likes", "finds", "follows", "helps", "hears"};
    private static final String[] OBJECTS = {"the ball", "a house", "the river", "some bread", "the garden", "a book"};

    /** Documents of simple sentences: the object of one sentence is the subject of the next, so order carries meaning. */
    static List<List<String>> documents(int n, long seed) {
        Generator g = new Generator(seed);
        List<List<String>> docs = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            List<String> doc = new ArrayList<>();
            String subject = SUBJECTS[g.nextInt(SUBJECTS.length)];
            for (int s = 0, len = 2 + g.nextInt(6); s < len; s++) {
                String object = OBJECTS[g.nextInt(OBJECTS.length)];
                doc.add(subject + " " + VERBS[g.nextInt(VERBS.length)] + " " + object + ".");
                subject = object;
            }
            docs.add(doc);
        }
        return docs;
    }

    private static final List<List<String>> DOCS = documents(60, 3);
    private static final BertTokenizer TOK = WordPieceTrainer.train(String.join("\n", DOCS.stream().flatMap(List::stream).toList()), 120, 1,
            BasicTokenizer.Options.UNCASED, false);
    private static final PretrainingData DATA = PretrainingData.encode(DOCS, TOK);

    private static BertPretrainer trainer(boolean nsp) {
        return new BertPretrainer(BertConfig.tiny(TOK.size()), TOK, DATA, new BertPretrainer.Config(8, 24, nsp, 3e-3, 2, 40, 0.01, 1.0, 5));
    }

    /** Sentences whose tokens count up within each document, so a continuation is visible in the ids. */
    private static PretrainingData counting(int docs) {
        List<int[]> sentences = new ArrayList<>();
        List<Integer> docOf = new ArrayList<>();
        int next = 100;
        for (int d = 0; d < docs; d++, next += 1000)
            for (int s = 0; s < 1 + d % 6; s++) {
                int[] ids = new int[1 + (d + s) % 7];
                for (int i = 0; i < ids.length; i++) ids[i] = next++;
                sentences.add(ids);
                docOf.add(d);
            }
        return new PretrainingData(sentences.toArray(int[][]::new), docOf.stream().mapToInt(Integer::intValue).toArray(), 2, 3);
    }

    @Test
    void sequencesAreBuiltAsBertBuildsThem() {
        PretrainingData data = counting(40);
        Generator g = new Generator(1);
        int random = 0, n = 2000, seqLen = 20;
        for (int k = 0; k < n; k++) {
            PretrainingData.Example e = data.sample(g, seqLen, true);
            int[] ids = e.ids(), types = e.tokenTypeIds();
            assertTrue(ids.length <= seqLen && ids.length >= 5, Arrays.toString(ids));
            assertEquals(2, ids[0]);
            assertEquals(3, ids[ids.length - 1]);
            int sep = 1;
            while (ids[sep] != 3) sep++;
            assertTrue(sep > 1 && sep < ids.length - 2, "A and B are not empty: " + Arrays.toString(ids));
            for (int i = 0; i < ids.length; i++) assertEquals(i <= sep ? 0 : 1, types[i]);
            for (int i = sep + 1; i < ids.length - 1; i++) assertNotEquals(3, ids[i]);
            boolean continues = ids[sep + 1] == ids[sep - 1] + 1; // B starts where A ends
            if (e.nextSentenceLabel() == 1) random++;
            else assertTrue(continues, "label 0 but B does not follow A: " + Arrays.toString(ids));
            for (int i = 2; i < ids.length - 1; i++) // A and B are each contiguous text
                if (i != sep && i != sep + 1) assertEquals(ids[i - 1] + 1, ids[i], Arrays.toString(ids));
        }
        assertEquals(0.5, (double) random / n, 0.04);

        for (int k = 0; k < 500; k++) {
            PretrainingData.Example e = data.sample(g, seqLen, false);
            int[] ids = e.ids();
            assertTrue(ids.length <= seqLen && ids.length >= 3);
            assertEquals(2, ids[0]);
            assertEquals(3, ids[ids.length - 1]);
            assertEquals(-100, e.nextSentenceLabel());
            assertTrue(Arrays.stream(e.tokenTypeIds()).allMatch(t -> t == 0));
            for (int i = 2; i < ids.length - 1; i++) assertEquals(ids[i - 1] + 1, ids[i], "contiguous: " + Arrays.toString(ids));
        }
    }

    @Test
    void pairsAreTwoSentencesOfOneDocument() {
        PretrainingData data = counting(40); // document d's ids count up from 100 + 1000·d; documents 0, 6, ... have one sentence
        Generator g = new Generator(4);
        java.util.Set<Integer> documents = new java.util.TreeSet<>();
        for (int k = 0; k < 1000; k++) {
            PretrainingData.Example[] pair = data.samplePair(g, 6);
            for (PretrainingData.Example e : pair) {
                int[] ids = e.ids();
                assertTrue(ids.length >= 3 && ids.length <= 6 && ids[0] == 2 && ids[ids.length - 1] == 3, Arrays.toString(ids));
                for (int i = 2; i < ids.length - 1; i++) assertEquals(ids[i - 1] + 1, ids[i], "one sentence: " + Arrays.toString(ids));
            }
            int a = pair[0].ids()[1], b = pair[1].ids()[1];
            assertEquals(a / 1000, b / 1000, "one document: " + a + ", " + b);
            assertNotEquals(a, b, "two sentences");
            documents.add(a / 1000);
        }
        assertEquals(33, documents.size(), "every document of two or more sentences: " + documents);
        assertTrue(documents.stream().noneMatch(d -> d % 6 == 0), documents.toString());
    }

    @Test
    void documentContrastTeachesWhichSentencesShareADocument() {
        String[] places = {"kitchen", "forest", "market", "school", "harbour", "station", "museum", "bridge"};
        Generator g = new Generator(6);
        List<List<String>> docs = new ArrayList<>(); // each document about one place, which only its sentences' ends tell
        for (List<String> doc : documents(80, 7)) {
            String place = places[g.nextInt(places.length)];
            docs.add(doc.stream().map(s -> s.replace(".", " near the " + place + ".")).toList());
        }
        BertTokenizer tok = WordPieceTrainer.train(String.join("\n", docs.stream().flatMap(List::stream).toList()), 120, 1,
                BasicTokenizer.Options.UNCASED, false);
        PretrainingData data = PretrainingData.encode(docs, tok);
        BertPretrainer t = new BertPretrainer(BertConfig.tiny(tok.size()), tok, data, new BertPretrainer.Config(16, 24, false, 3e-3, 10, 150, 0.01, 1.0, 5, 0, 1));
        BertPretrainer.Evaluation before = t.evaluate(data, 10, 9);
        BertPretrainer.StepLoss first = t.step();
        assertEquals(first.mlm() + first.contrast(), first.total(), 1e-5);
        for (int i = 1; i < 150; i++) t.step();
        BertPretrainer.Evaluation after = t.evaluate(data, 10, 9);
        assertTrue(after.partnerAccuracy() > before.partnerAccuracy() + 0.2, before + " → " + after);
        assertTrue(after.mlmLoss() < before.mlmLoss() - 1.0, before + " → " + after);
        assertTrue(Double.isNaN(trainer(false).evaluate(DATA, 1, 9).partnerAccuracy()));
        var e = assertThrows(IllegalArgumentException.class, () -> new BertPretrainer.Config(15, 24, false, 3e-3, 2, 40, 0.01, 1.0, 5, 0, 1));
        assertTrue(e.getMessage().contains("even batch"), e.getMessage());
        BertPretrainer.Config c = t.config();
        assertEquals(c, BertPretrainer.Config.fromMap(c.toMap()));
    }

    @Test
    void batchesArePaddedAndMasked() {
        BertPretrainer t = trainer(true);
        BertPretrainer.Batch b = t.batch(DATA, new Generator(2), new DynamicMasking(TOK.size(), TOK.maskTokenId(), new int[] {TOK.padTokenId()}, new Generator(3)));
        int[] ids = b.inputIds().storage(), mask = b.attentionMask().storage(), labels = b.labels().storage();
        assertEquals(8, b.inputIds().size(0));
        assertTrue(b.inputIds().size(1) <= 24);
        for (int i = 0; i < ids.length; i++) {
            if (mask[i] == 0) assertEquals(TOK.padTokenId(), ids[i]);
            if (mask[i] == 0) assertEquals(-100, labels[i]);
        }
        assertEquals(Arrays.stream(mask).sum(), b.tokens());
        assertTrue(Arrays.stream(labels).anyMatch(l -> l != -100));
    }

    @Test
    void stepsLowerTheLossWithAndWithoutNsp() {
        for (boolean nsp : new boolean[] {true, false}) {
            BertPretrainer t = trainer(nsp);
            assertEquals(0, t.lr()); // warmup from zero
            BertPretrainer.Evaluation before = t.evaluate(DATA, 4, 9);
            for (int i = 0; i < 40; i++) t.step();
            BertPretrainer.Evaluation after = t.evaluate(DATA, 4, 9);
            assertTrue(after.mlmLoss() < before.mlmLoss() - 1.0, nsp + ": MLM loss " + before + " → " + after);
            assertTrue(after.mlmAccuracy() > before.mlmAccuracy(), nsp + ": accuracy " + before + " → " + after);
            assertEquals(nsp, !Double.isNaN(after.nspAccuracy()));
            assertEquals(0, t.lr(), 1e-12); // decayed linearly to 0 at maxSteps
            assertEquals(after, t.evaluate(DATA, 4, 9)); // evaluation draws from its own generator
            assertEquals(nsp ? BertForPreTraining.class : BertForMaskedLM.class, t.model().getClass());
        }
    }

    @Test
    void resumedRunIsBitIdentical(@TempDir Path dir) throws IOException {
        BertPretrainer straight = trainer(true);
        double[] want = new double[6];
        for (int i = 0; i < 6; i++) want[i] = straight.step().total();

        BertPretrainer first = trainer(true);
        double[] got = new double[6];
        for (int i = 0; i < 3; i++) got[i] = first.step().total();
        first.save(dir.resolve("train.safetensors"), Map.of("note", "x"));
        first.step(); // moves on after saving: the resumed run must not see it

        BertPretrainer resumed = trainer(true);
        assertEquals("x", resumed.resume(dir.resolve("train.safetensors")).get("note"));
        assertEquals(3, resumed.iteration());
        for (int i = 3; i < 6; i++) got[i] = resumed.step().total();
        assertArrayEquals(want, got);
        Map<String, Tensor> a = straight.model().stateDict(), b = resumed.model().stateDict();
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toArray(), b.get(k).toArray(), k);
    }

    @Test
    void savesAHuggingFaceDirectoryThatFillsMasks(@TempDir Path dir) throws IOException {
        BertPretrainer t = trainer(true);
        for (int i = 0; i < 3; i++) t.step();
        t.saveModel(dir);
        for (String f : List.of("config.json", "model.safetensors", "vocab.txt", "tokenizer.json", "tokenizer_config.json"))
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        BertForPreTraining loaded = BertForPreTraining.fromPretrained(dir);
        Map<String, Tensor> want = t.model().stateDict();
        loaded.stateDict().forEach((k, v) -> assertArrayEquals(want.get(k).toArray(), v.toArray(), k));
        assertEquals(TOK.size(), BertModel.fromPretrained(dir).config.vocabSize());
        BertTokenizer tok = WordPieceFiles.load(dir);
        assertArrayEquals(TOK.model().tokens(), tok.model().tokens());

        List<List<FillMask.Prediction>> p = FillMask.predict(BertForMaskedLM.fromPretrained(dir), tok, "the cat [MASK] the ball. a [MASK] likes a book.", 4);
        assertEquals(2, p.size());
        for (List<FillMask.Prediction> top : p) {
            assertEquals(4, top.size());
            for (int i = 1; i < 4; i++) assertTrue(top.get(i - 1).probability() >= top.get(i).probability());
            assertTrue(top.stream().mapToDouble(FillMask.Prediction::probability).sum() <= 1 + 1e-6);
            assertEquals(tok.token(top.getFirst().id()), top.getFirst().token());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FillMask.predict(BertForMaskedLM.fromPretrained(dir), tok, "no mask here", 3));
        assertTrue(e.getMessage().contains("[MASK]"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> BertForMaskedLM.fromPretrained(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    }

    @Test
    void continuedPretrainingStartsFromTheSavedWeights(@TempDir Path dir) throws IOException {
        BertPretrainer first = new BertPretrainer(BertConfig.tiny(TOK.size()), TOK, DATA, new BertPretrainer.Config(8, 24, false, 3e-3, 2, 40, 0.01, 1.0, 5));
        for (int i = 0; i < 3; i++) first.step();
        first.saveModel(dir);
        BertPretrainer next = trainer(true); // another seed, and a pooler and next-sentence head the masked-LM checkpoint lacks
        List<String> fresh = next.initFrom(dir);
        assertEquals(List.of("bert.pooler.dense.weight", "bert.pooler.dense.bias", "cls.seq_relationship.weight", "cls.seq_relationship.bias"), fresh);
        Map<String, Tensor> want = first.model().stateDict();
        next.model().stateDict().forEach((k, v) -> {
            if (!fresh.contains(k)) assertArrayEquals(want.get(k).toArray(), v.toArray(), k);
        });
        assertTrue(next.step().mlm() > 0);

        BertPretrainer wider = new BertPretrainer(BertConfig.of(TOK.size(), 2, 48, 4, 64).withMaxPositions(64), TOK, DATA,
                new BertPretrainer.Config(8, 24, false, 3e-3, 2, 40, 0.01, 1.0, 5));
        IOException e = assertThrows(IOException.class, () -> wider.initFrom(dir));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("not the shape"), e.getMessage());
    }

    /** Sinusoidal position embeddings: the initialiser's scale, nearby positions alike and far ones not, as the table says. */
    @Test
    void sinusoidalPositionsStartNearbyPositionsAlike() {
        BertPretrainer t = trainer(false);
        t.sinusoidalPositions();
        BertModel bert = ((BertForMaskedLM) t.model()).bert;
        Tensor pos = bert.positionEmbeddings();
        float[] p = pos.toArray();
        int h = pos.size(1);
        double sumSq = 0;
        for (float v : p) sumSq += v * v;
        assertEquals(0.02, Math.sqrt(sumSq / p.length), 1e-6);
        assertEquals(0f, p[0], "position 0: sin 0 in the even channels");
        assertTrue(p[1] > 0 && p[1] == p[3], "position 0: cos 0, the same in every odd channel");
        assertTrue(cosine(p, h, 10, 11) > 0.9 && cosine(p, h, 10, 11) > cosine(p, h, 10, 40) + 0.3,
                "neighbours " + cosine(p, h, 10, 11) + ", 30 apart " + cosine(p, h, 10, 40));
        assertEquals(cosine(p, h, 10, 13), cosine(p, h, 30, 33), 0.15, "similarity depends mostly on the offset");
    }

    private static double cosine(float[] p, int h, int a, int b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < h; i++) {
            ab += p[a * h + i] * p[b * h + i];
            aa += p[a * h + i] * p[a * h + i];
            bb += p[b * h + i] * p[b * h + i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void readsDocumentsFromTextFilesAndSourceZips(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("corpus.txt");
        StringBuilder sb = new StringBuilder("First sentence.\nSecond one.\n\n\nAnother document.\n  \n");
        for (int d = 3; d <= 40; d++) sb.append("Document ").append(d).append(".\n\n");
        Files.writeString(text, sb.toString());
        PretrainingText.Split s = PretrainingText.read(text, 100_000);
        assertEquals(40, s.documents());
        assertEquals(List.of(List.of("First sentence.", "Second one."), List.of("Another document."), List.of("Document 3.")), s.train().subList(0, 3));
        assertEquals(List.of(List.of("Document 20."), List.of("Document 40.")), s.validation()); // every 20th
        assertEquals(20, PretrainingText.read(text, 265).documents()); // stops after the document that passes maxChars
        IOException few = assertThrows(IOException.class, () -> PretrainingText.read(text, 10));
        assertTrue(few.getMessage().contains("blank line"), few.getMessage());

        Path zip = dir.resolve("src.zip");
        List<String> names = new ArrayList<>();
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < 30; i++) {
                names.add("java.base/java/util/Foo" + i + ".java");
                out.putNextEntry(new java.util.zip.ZipEntry(names.getLast()));
                out.write(("/** Makes foos. Each foo is " + i + ".\n * @param x the x */ class Foo { String s = \"/** no */\"; }").getBytes());
                out.closeEntry();
            }
        }
        PretrainingText.Split javadoc = PretrainingText.read(zip, 100_000);
        assertEquals(List.of("Makes foos.", "Each foo is 0.", "the x"), javadoc.train().getFirst());
        long heldOut = names.stream().filter(dev.nabla.text.tasks.JavadocPackageTask::heldOut).count();
        assertTrue(heldOut > 0 && heldOut < 30);
        assertEquals(heldOut, javadoc.validation().size()); // the fine-tuning task's validation and test files
        assertThrows(java.nio.file.NoSuchFileException.class, () -> PretrainingText.read(dir.resolve("missing.txt"), 10));
    }

    /** Word2Vec on the WordPiece tokens: pieces used alike end up close, and the copied rows have the initialiser's scale. */
    @Test
    void word2vecVectorsOfThePiecesStartTheWordEmbeddings() throws IOException {
        var vectors = WordPieceVectors.train(TOK, PretrainingData.encode(documents(4000, 4), TOK), 16, 1, 7);
        assertTrue(vectors.contains("cat") && vectors.contains("sees"), vectors.words().toString());
        assertTrue(vectors.similarity("sees", "likes") > vectors.similarity("sees", "cat"),
                "verbs closer to verbs: " + vectors.similarity("sees", "likes") + " vs " + vectors.similarity("sees", "cat"));
        Tensor emb = Tensor.zeros(TOK.size(), 16);
        int set = WordPieceVectors.copyInto(vectors, TOK, emb, 0.02);
        assertEquals(vectors.words().stream().filter(w -> TOK.id(w) >= 0).count(), set);
        float[] cat = emb.storage();
        int row = TOK.id("cat") * 16;
        double sumSq = 0;
        for (int d = 0; d < 16; d++) sumSq += cat[row + d] * cat[row + d];
        assertTrue(sumSq > 0, "the row of a known piece is set");
        int pad = TOK.padTokenId() * 16;
        for (int d = 0; d < 16; d++) assertEquals(0f, cat[pad + d], "[PAD] has no vector: its row is left alone");
        var e = assertThrows(IllegalArgumentException.class, () -> WordPieceVectors.copyInto(vectors, TOK, Tensor.zeros(TOK.size(), 8), 0.02));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }
}
