package dev.nabla.cli.bert;

import dev.nabla.cli.CliRun;
import dev.nabla.cli.Main;
import dev.nabla.io.Json;
import dev.nabla.models.bert.BertConfig;
import dev.nabla.models.bert.BertFiles;
import dev.nabla.models.bert.BertForMaskedLM;
import dev.nabla.models.bert.BertForSequenceClassification;
import dev.nabla.models.bert.BertModel;
import dev.nabla.models.bert.BertVectors;
import dev.nabla.tensor.Generator;
import dev.nabla.text.tasks.LabeledText;
import dev.nabla.text.tasks.TextClassificationData;
import dev.nabla.text.wordpiece.WordPieceFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** nabla bert finetune | embed | similar | contexts on a tiny random BERT with a tiny vocabulary. */
class BertCommandTest {
    @TempDir
    Path tmp;

    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "a", "of", "is", "on", "in", "river",
            "bank", "money", "cat", "car", "apple", "##s", ".");

    static CliRun run(Object cmd, String... args) {
        return CliRun.of(cmd, args);
    }

    /** A tiny random BertForMaskedLM with vocab.txt (heads: masked LM; no pooler). */
    Path tinyBert() throws Exception {
        Path dir = tmp.resolve("bert");
        Files.createDirectories(dir);
        Files.write(dir.resolve("vocab.txt"), VOCAB);
        new BertForMaskedLM(BertConfig.tiny(VOCAB.size()), new Generator(3)).save(dir);
        return dir;
    }

    @Test
    void embedPrintsTokensAndWritesJsonAndTsv() throws Exception {
        Path dir = tinyBert();
        Path json = tmp.resolve("v.json"), tsv = tmp.resolve("v.tsv");
        CliRun r = run(new BertEmbedCommand(), "-m", dir.toString(), "-o", json.toString(), "the cats", "a bank of the river");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("5 tokens: [CLS] the cat ##s [SEP]"), r.out());
        assertTrue(r.out().contains("cls  [") && r.out().contains("mean [") && r.out().contains("(32 dims, norm"), r.out());
        List<?> texts = (List<?>) Json.parse(Files.readString(json));
        Map<?, ?> second = (Map<?, ?>) texts.get(1);
        assertEquals(List.of("[CLS]", "a", "bank", "of", "the", "river", "[SEP]"), second.get("tokens"));
        List<String> all = new ArrayList<>(List.of("the cats", "a bank of the river"));
        var want = BertVectors.embed(BertModel.fromPretrained(dir), WordPieceFiles.load(dir), all, 512).get(1);
        assertEquals(want.mean()[5], ((Number) ((List<?>) second.get("mean")).get(5)).floatValue(), 1e-6);
        assertEquals(7, ((List<?>) second.get("token_vectors")).size());

        assertEquals(0, run(new BertEmbedCommand(), "-m", dir.toString(), "-o", tsv.toString(), "the cats").code());
        List<String> lines = Files.readAllLines(tsv);
        assertEquals(1 + 5 + 2, lines.size());
        assertTrue(lines.get(4).startsWith("0\t3\t##s\t"), lines.get(4));
        assertEquals(3 + 32, lines.get(6).split("\t").length);
        assertTrue(lines.get(6).startsWith("0\tcls\t\t"), lines.get(6));
        assertTrue(lines.get(7).startsWith("0\tmean\t\t"), lines.get(7));
    }

    @Test
    void similarRanksByCosine() throws Exception {
        Path dir = tinyBert();
        BertSimilarCommand cmd = new BertSimilarCommand();
        CliRun r = run(cmd, "-m", dir.toString(), "the cat", "a car on the river", "the cat", "apple");
        assertEquals(0, r.code(), r.err());
        assertEquals("the cat", cmd.ranking.getFirst().text(), "the query itself is first");
        assertEquals(1f, cmd.ranking.getFirst().cosine(), 1e-5);
        assertTrue(cmd.ranking.get(1).cosine() >= cmd.ranking.get(2).cosine());
        assertTrue(r.out().contains("  1. 1.0000  the cat"), r.out());
    }

    @Test
    void contextsShowsOneVectorPerSentenceAndWord2VecNeighbours() throws Exception {
        Path dir = tinyBert();
        Path w2v = tmp.resolve("w2v.txt");
        Files.writeString(w2v, "3 2\nbank 1 0\nmoney 0.9 0.1\nriver 0 1\n");
        BertContextsCommand cmd = new BertContextsCommand();
        CliRun r = run(cmd, "-m", dir.toString(), "--word", "bank", "--vectors", w2v.toString(), "-n", "2",
                "the bank of the river", "money in the bank", "the bank");
        assertEquals(0, r.code(), r.err());
        assertEquals(3, cmd.cosines.length);
        assertEquals(1f, cmd.cosines[1][1], 1e-5);
        assertTrue(cmd.cosines[0][1] < 0.9999f, "different contexts, different vectors");
        assertTrue(r.out().contains("nearest tokens by the masked-LM head"), r.out());
        assertTrue(r.out().contains("Word2Vec's most similar words to 'bank'") && r.out().contains("money 0.994"), r.out());

        // a directory without the masked-LM head: nearest input embeddings instead
        Path enc = tmp.resolve("encoder");
        new BertModel(BertConfig.tiny(VOCAB.size()), new Generator(1)).save(enc);
        Files.write(enc.resolve("vocab.txt"), VOCAB);
        r = run(new BertContextsCommand(), "-m", enc.toString(), "-w", "bank", "the bank", "a bank");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("nearest input word embeddings") && r.out().contains("give --vectors FILE"), r.out());

        r = run(new BertContextsCommand(), "-m", dir.toString(), "-w", "apple", "the bank", "an apple");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("sentence 1 does not contain 'apple'"), r.err());
    }

    /** Which of three key words a sentence of filler words holds: 120 / 30 / 30 texts. */
    Path toyTask() throws Exception {
        Random rnd = new Random(5);
        List<String> keys = List.of("cat", "car", "apple"), filler = List.of("the", "a", "of", "is", "on", "in", "river", "bank");
        List<List<LabeledText>> splits = new ArrayList<>();
        for (int n : new int[] {120, 30, 30}) {
            List<LabeledText> s = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int c = rnd.nextInt(3);
                int at = rnd.nextInt(5);
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < 5; j++) sb.append(j == at ? keys.get(c) : filler.get(rnd.nextInt(filler.size()))).append(' ');
                s.add(new LabeledText(sb + ".", c, "f" + i));
            }
            splits.add(s);
        }
        Path tsv = tmp.resolve("task.tsv");
        new TextClassificationData(List.of("pets", "cars", "fruit"), splits.get(0), splits.get(1), splits.get(2)).save(tsv);
        return tsv;
    }

    @Test
    void finetuneLearnsAToyTaskSavesItAndReportsTheBaseline() throws Exception {
        Path dir = tinyBert(), tsv = toyTask();
        Path out = tmp.resolve("tuned");
        BertFinetuneCommand cmd = new BertFinetuneCommand();
        CliRun r = run(cmd, "-m", dir.toString(), "--data", tsv.toString(), "--epochs", "12", "--batch", "16", "--lr", "3e-3", "--max-len", "32",
                "--patience", "4", "--no-progress", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("freshly initialised: bert.pooler.dense.weight, bert.pooler.dense.bias, classifier.weight, classifier.bias"), r.out());
        assertTrue(r.out().contains("unused tensors of the checkpoint (heads this model lacks): cls.predictions."), r.out());
        assertTrue(r.out().contains("epoch 1 (8 steps"), r.out());
        assertTrue(cmd.test.accuracy() >= 0.9, r.out());
        assertNotNull(cmd.baseline);
        assertTrue(r.out().contains("BERT test:         accuracy") && r.out().contains("bag-of-words test: accuracy"), r.out());
        var loaded = BertFiles.load(out, c -> new BertForSequenceClassification(c, new Generator(0)));
        assertEquals(List.of("pets", "cars", "fruit"), loaded.model().config.id2label());
        assertEquals("mean", loaded.model().config.classifierPooling(), "--pooling defaults to mean");
        assertEquals(List.of(), loaded.initialized());
        assertEquals(VOCAB.size(), WordPieceFiles.load(out).size());
    }

    @Test
    void finetuneRestartsKeepTheSeedWithTheBestValidationAccuracy() throws Exception {
        Path dir = tinyBert(), tsv = toyTask();
        BertFinetuneCommand cmd = new BertFinetuneCommand();
        CliRun r = run(cmd, "-m", dir.toString(), "--data", tsv.toString(), "--epochs", "6", "--batch", "16", "--lr", "3e-3", "--max-len", "32",
                "--restarts", "3", "--seed", "7", "--no-baseline", "--no-progress", "-o", tmp.resolve("tuned").toString());
        assertEquals(0, r.code(), r.err());
        // each restart's best validation accuracy, from its epoch lines
        List<Double> best = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            if (line.startsWith("restart ")) best.add(-1.0);
            var m = java.util.regex.Pattern.compile("validation accuracy ([0-9.]+)%").matcher(line);
            if (line.startsWith("epoch ") && m.find()) best.set(best.size() - 1, Math.max(best.getLast(), Double.parseDouble(m.group(1))));
        }
        assertEquals(3, best.size(), r.out());
        assertTrue(r.out().contains("restart 3 of 3 (seed 9)"), r.out());
        int kept = best.indexOf(best.stream().max(Double::compare).orElseThrow()); // 90.00, 96.67, 96.67 here: the first best
        assertEquals(7 + kept, cmd.keptSeed, r.out());
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "kept the restart of seed %d (validation accuracy %.2f%%)", 7 + kept, best.get(kept))), r.out());

        r = run(new BertFinetuneCommand(), "-m", dir.toString(), "--data", tsv.toString(), "--restarts", "0", "--no-progress");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--restarts must be at least 1, got 0"), r.err());
    }

    @Test
    void finetuneDistilsFromTeachers() throws Exception {
        Path dir = tinyBert(), tsv = toyTask(), teacher = tmp.resolve("teacher");
        CliRun r = run(new BertFinetuneCommand(), "-m", dir.toString(), "--data", tsv.toString(), "--epochs", "12", "--batch", "16", "--lr", "3e-3",
                "--max-len", "32", "--patience", "4", "--no-baseline", "--no-progress", "-o", teacher.toString());
        assertEquals(0, r.code(), r.err());
        BertFinetuneCommand cmd = new BertFinetuneCommand();
        r = run(cmd, "-m", dir.toString(), "--data", tsv.toString(), "--epochs", "12", "--batch", "16", "--lr", "3e-3", "--max-len", "32",
                "--patience", "4", "--teacher", teacher.toString(), "--teacher", teacher.toString(), "--distill-alpha", "0.7", "--temperature", "3",
                "--no-baseline", "-o", tmp.resolve("student").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("distillation from 2 teachers (their mean's train accuracy ") && r.out().contains("α 0.70, temperature 3.0"), r.out());
        assertTrue(r.err().contains("teachers' soft targets"), "a progress bar over the teachers' pass: " + r.err());
        assertTrue(cmd.test.accuracy() >= 0.9, r.out());

        // self-training: the teacher labels sentences of a text too (30 documents of one sentence; the 20th held out)
        List<String> lines = new ArrayList<>();
        Random rnd = new Random(2);
        List<String> keys = List.of("cat", "car", "apple"), filler = List.of("the", "a", "of", "is", "on", "in", "river", "bank");
        for (int d = 0; d < 30; d++) {
            StringBuilder sb = new StringBuilder(keys.get(d % 3));
            for (int j = 0; j < 6; j++) sb.append(' ').append(filler.get(rnd.nextInt(filler.size())));
            lines.add(sb + " " + d + ".");
            lines.add("");
        }
        Path text = tmp.resolve("unlabeled.txt");
        Files.write(text, lines);
        cmd = new BertFinetuneCommand();
        r = run(cmd, "-m", dir.toString(), "--data", tsv.toString(), "--epochs", "12", "--batch", "16", "--lr", "3e-3", "--max-len", "32",
                "--patience", "4", "--teacher", teacher.toString(), "--unlabeled", text.toString(), "--unlabeled-max", "25", "--no-baseline",
                "--no-progress", "-o", tmp.resolve("self-trained").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("25 unlabeled sentences of " + text + " for the teachers to label"), r.out());
        assertTrue(r.out().contains("epochs of 145 texts"), "120 labelled and 25 unlabeled: " + r.out());
        assertTrue(cmd.test.accuracy() >= 0.9, r.out());
        r = run(new BertFinetuneCommand(), "-m", dir.toString(), "--data", tsv.toString(), "--unlabeled", text.toString(), "--no-progress");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--unlabeled needs --teacher"), r.err());
        // the bag-of-words baseline as a teacher: beside the BERT teacher, and alone
        cmd = new BertFinetuneCommand();
        r = run(cmd, "-m", dir.toString(), "--data", tsv.toString(), "--epochs", "12", "--batch", "16", "--lr", "3e-3", "--max-len", "32",
                "--patience", "4", "--teacher", teacher.toString(), "--baseline-teacher", "0.5", "--unlabeled", text.toString(),
                "--unlabeled-max", "25", "--no-baseline", "--no-progress", "-o", tmp.resolve("with-baseline").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("distillation from 1 teacher and the bag-of-words baseline (share 0.50, cross-fitted on the train split)"), r.out());
        assertTrue(r.out().contains("epochs of 145 texts"), r.out());
        assertTrue(cmd.test.accuracy() >= 0.9, r.out());
        r = run(new BertFinetuneCommand(), "-m", dir.toString(), "--data", tsv.toString(), "--epochs", "1", "--batch", "16", "--max-len", "32",
                "--baseline-teacher", "0.3", "--no-baseline", "--no-progress", "-o", tmp.resolve("baseline-taught").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("distillation from the bag-of-words baseline (share 1.00"), "with no --teacher it is the only one: " + r.out());
        r = run(new BertFinetuneCommand(), "-m", dir.toString(), "--data", tsv.toString(), "--baseline-teacher", "1.5", "--no-progress");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--baseline-teacher must be in [0, 1], got 1.5"), r.err());
        // the teacher's surest 4 of each class among the 25 (about 8 of each key word)
        r = run(new BertFinetuneCommand(), "-m", dir.toString(), "--data", tsv.toString(), "--epochs", "1", "--batch", "16", "--max-len", "32",
                "--teacher", teacher.toString(), "--unlabeled", text.toString(), "--unlabeled-max", "25", "--unlabeled-per-class", "4",
                "--no-baseline", "--no-progress", "-o", tmp.resolve("selected").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kept 12 unlabeled sentences, at most 4 of each class"), r.out());
        assertTrue(r.out().contains("epochs of 132 texts"), r.out());
        r = run(new BertFinetuneCommand(), "-m", dir.toString(), "--data", tsv.toString(), "--unlabeled-per-class", "4", "--no-progress");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--unlabeled-per-class needs --unlabeled"), r.err());

        Path other = tmp.resolve("other-labels");
        new BertForSequenceClassification(BertConfig.tiny(VOCAB.size()).withLabels(List.of("x", "y")), new Generator(1)).save(other);
        Files.write(other.resolve("vocab.txt"), VOCAB);
        r = run(new BertFinetuneCommand(), "-m", dir.toString(), "--data", tsv.toString(), "--teacher", other.toString(), "--no-progress");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("teacher " + other + " has the labels [x, y], the task [pets, cars, fruit]"), r.err());
    }

    @Test
    void badInputGivesClearErrors() throws Exception {
        Path dir = tinyBert();
        CliRun r = run(new BertEmbedCommand(), "-m", tmp.resolve("nope").toString(), "x");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nope: no tokenizer.json or vocab.txt"), r.err());
        r = run(new BertEmbedCommand(), "-m", dir.toString(), "-o", tmp.resolve("v.csv").toString(), "x");
        assertTrue(r.err().contains("--out must end in .json or .tsv"), r.err());
        r = run(new BertFinetuneCommand(), "-m", dir.toString(), "--scratch", "tiny", "--data", "x.tsv");
        assertEquals(2, r.code(), "exclusive options");
        r = run(new BertFinetuneCommand(), "--scratch", "huge", "--data", tmp.resolve("missing.tsv").toString());
        assertTrue(r.err().contains("missing.tsv"), r.err());
        r = run(new BertFinetuneCommand(), "--scratch", "tiny", "--sources", tmp.toString(), "--max-per-class", "-1");
        assertTrue(r.err().contains("--max-per-class must be >= 0, got -1"), r.err());
        r = run(new BertSimilarCommand(), "-m", dir.toString(), "--pooling", "max", "a", "b");
        assertTrue(r.err().contains("--pooling must be mean or cls"), r.err());
    }

    @Test
    void registeredUnderNablaBert() {
        CliRun r = run(new Main(), "bert", "--help");
        assertEquals(0, r.code());
        for (String c : List.of("finetune", "embed", "similar", "contexts")) assertTrue(r.out().contains(c), r.out());
    }
}
