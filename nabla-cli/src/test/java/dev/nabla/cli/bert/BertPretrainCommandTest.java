package dev.nabla.cli.bert;

import dev.nabla.cli.CliRun;
import dev.nabla.models.bert.BertForMaskedLM;
import dev.nabla.models.bert.BertForPreTraining;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** nabla bert pretrain on a small generated text (a tiny model): saves, resumes exactly, and fill-mask reads what it saved. */
class BertPretrainCommandTest {
    @TempDir
    Path dir;

    /** Documents of a few sentences, a blank line between them. */
    private Path text() throws Exception {
        String[] names = {"list", "map", "set", "queue", "deque", "stack"}, verbs = {"returns", "holds", "removes", "adds", "sorts"};
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < 60; d++) {
            for (int s = 0; s < 2 + d % 4; s++)
                sb.append("the ").append(names[(d + s) % names.length]).append(' ').append(verbs[(d * 3 + s) % verbs.length])
                        .append(" the element at index ").append(s).append(".\n");
            sb.append('\n');
        }
        Path f = dir.resolve("docs.txt");
        Files.writeString(f, sb.toString());
        return f;
    }

    private String[] pretrain(Path text, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("bert", "pretrain", "--text", text.toString(), "--vocab-size", "90", "--layers", "1", "--hidden", "32",
                "--heads", "2", "--intermediate", "64", "--seq-len", "24", "--batch", "8", "--steps", "24", "--warmup", "3", "--lr", "3e-3",
                "--eval-every", "12", "--eval-batches", "2", "-o", out.toString(), "--plot", dir.resolve("loss.png").toString(),
                "--example", "the [MASK] returns the element."));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static CliRun run(String... args) {
        return CliRun.nabla(args);
    }

    @Test
    void pretrainsSavesResumesExactlyAndFillsMasks() throws Exception {
        Path text = text(), a = dir.resolve("a"), b = dir.resolve("b");
        CliRun straight = run(pretrain(text, a));
        assertEquals(0, straight.code(), straight.err());
        String log = straight.out();
        assertTrue(log.contains("step 24: validation MLM loss"), log);
        assertTrue(log.contains("NSP accuracy"), log);
        assertTrue(log.contains("[MASK] #1:"), log);
        for (String f : List.of("config.json", "model.safetensors", "vocab.txt", "tokenizer.json", "tokenizer_config.json", "train.safetensors"))
            assertTrue(Files.isRegularFile(a.resolve(f)), f);
        assertTrue(Files.size(dir.resolve("loss.png")) > 0);

        assertEquals(0, run(pretrain(text, b, "--minutes", "0")).code()); // stops after its first step
        CliRun resumed = run(pretrain(text, b, "--resume", "--seed", "9")); // the saved options win
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resuming " + b + " at step 1"), resumed.out());
        Map<String, Tensor> want = BertForPreTraining.fromPretrained(a).stateDict(), got = BertForPreTraining.fromPretrained(b).stateDict();
        for (String k : want.keySet()) assertArrayEquals(want.get(k).toArray(), got.get(k).toArray(), k);

        CliRun fill = run("bert", "fill-mask", "-m", a.toString(), "-k", "3", "the [MASK] returns the [MASK] at index 1.");
        assertEquals(0, fill.code(), fill.err());
        String[] lines = fill.out().split("\n");
        assertEquals(3, lines.length, fill.out());
        for (int i = 1; i <= 2; i++) {
            assertTrue(lines[i].startsWith("  [MASK] #" + i + ":"), lines[i]);
            assertEquals(3, lines[i].substring(lines[i].indexOf(':') + 1).trim().split(" {2}").length, lines[i]);
        }

        CliRun noMask = run("bert", "fill-mask", "-m", a.toString(), "nothing to fill");
        assertNotEquals(0, noMask.code());
        assertTrue(noMask.err().contains("has no [MASK]"), noMask.err());
        CliRun missing = run("bert", "fill-mask", "-m", dir.resolve("nowhere").toString(), "a [MASK].");
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("nowhere"), missing.err());
    }

    /** Word2Vec-initialised embeddings: reported, and the run is still reproducible from its seed. */
    @Test
    void word2vecInitIsReportedAndReproducible() throws Exception {
        Path text = text(), a = dir.resolve("w1"), b = dir.resolve("w2");
        CliRun first = run(pretrain(text, a, "--word2vec-init"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().matches("(?s).*word embeddings: Word2Vec CBOW vectors for \\d+ of \\d+ tokens.*"), first.out());
        assertEquals(0, run(pretrain(text, b, "--word2vec-init")).code());
        Map<String, Tensor> want = BertForPreTraining.fromPretrained(a).stateDict(), got = BertForPreTraining.fromPretrained(b).stateDict();
        for (String k : want.keySet()) assertArrayEquals(want.get(k).toArray(), got.get(k).toArray(), k);
    }

    /** --init continues from a saved model: its tokenizer and size, a fresh schedule (BertPretrainerTest checks the weights). */
    @Test
    void initContinuesPretrainingFromASavedModel() throws Exception {
        Path text = text(), a = dir.resolve("i1"), b = dir.resolve("i2");
        String[] twoLayers = pretrain(text, a, "--no-nsp");
        twoLayers[List.of(twoLayers).indexOf("--layers") + 1] = "2";
        CliRun first = run(twoLayers);
        assertEquals(0, first.code(), first.err());
        CliRun more = run(pretrain(text, b, "--init", a.toString(), "--no-nsp"));
        assertEquals(0, more.code(), more.err());
        assertTrue(more.out().contains("weights from " + a) && more.out().contains("step 24: validation MLM loss"), more.out());
        assertEquals(Files.readString(a.resolve("vocab.txt")), Files.readString(b.resolve("vocab.txt")));
        assertEquals(2, BertForMaskedLM.fromPretrained(b).config.numHiddenLayers(), "the saved config wins over --layers");
        CliRun both = run(pretrain(text, dir.resolve("i3"), "--init", a.toString(), "--word2vec-init"));
        assertNotEquals(0, both.code());
        assertTrue(both.err().contains("--init brings its own weights"), both.err());
    }

    /** --electra: the BERT to fine-tune in -o, the generator in -o/generator, and fill-mask on the generator at the end (here with
     *  sinusoidal positions and another initializer range). */
    @Test
    void electraSavesTheDiscriminatorAndTheGenerator() throws Exception {
        Path text = text(), a = dir.resolve("e1"), b = dir.resolve("e2");
        CliRun run = run(pretrain(text, a, "--electra", "--sinusoidal-positions", "--initializer-range", "0.05"));
        assertEquals(0, run.code(), run.err());
        String log = run.out();
        assertTrue(log.contains("ELECTRA replaced-token detection, generator of 1 layer(s)"), log);
        assertTrue(log.matches("(?s).*step 24: validation generator's MLM loss [0-9.]+, masked-token accuracy [0-9.]+%, replaced-token detection accuracy [0-9.]+% \\([0-9.]+% of the tokens replaced\\).*"), log);
        assertFalse(log.contains("NSP"), log);
        assertTrue(log.contains("position embeddings: sinusoids scaled to std 0.05"), log);
        assertTrue(log.contains("fill-mask --model " + a.resolve("generator")) && log.contains("[MASK] #1:"), log);
        var classifier = dev.nabla.models.bert.BertForSequenceClassification.fromPretrained(a);
        assertEquals(1, classifier.config.numHiddenLayers());
        assertEquals(0.05f, classifier.config.initializerRange());
        assertEquals(1, BertForMaskedLM.fromPretrained(a.resolve("generator")).config.numHiddenLayers());

        assertEquals(0, run(pretrain(text, b, "--electra", "--sinusoidal-positions", "--initializer-range", "0.05", "--minutes", "0")).code());
        CliRun resumed = run(pretrain(text, b, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("ELECTRA"), "the saved objective wins: " + resumed.out());
        Map<String, Tensor> want = dev.nabla.models.bert.BertModel.fromPretrained(a).stateDict(), got = dev.nabla.models.bert.BertModel.fromPretrained(b).stateDict();
        for (String k : want.keySet()) assertArrayEquals(want.get(k).toArray(), got.get(k).toArray(), k);

        CliRun init = run(pretrain(text, dir.resolve("e3"), "--electra", "--init", a.toString()));
        assertNotEquals(0, init.code());
        assertTrue(init.err().contains("--electra"), init.err());
        CliRun noGenerator = run(pretrain(text, dir.resolve("e4"), "--electra", "--generator-layers", "0"));
        assertNotEquals(0, noGenerator.code());
        assertTrue(noGenerator.err().contains("--generator-layers must be >= 1, got 0"), noGenerator.err());
    }

    /** --document-contrast: reported as it trains, saved with the run's options (a resumed run goes on exactly), only with --no-nsp. */
    @Test
    void documentContrastContinuesAMaskedLmAndResumesExactly() throws Exception {
        Path text = text(), a = dir.resolve("c1"), b = dir.resolve("c2"), c = dir.resolve("c3");
        assertEquals(0, run(pretrain(text, a, "--no-nsp")).code());
        CliRun straight = run(pretrain(text, b, "--init", a.toString(), "--no-nsp", "--document-contrast", "0.5"));
        assertEquals(0, straight.code(), straight.err());
        assertTrue(straight.out().contains("masked LM + 0.5 × document contrast on pairs of sentences"), straight.out());
        assertTrue(straight.out().matches("(?s).*step 24: validation MLM loss [0-9.]+, masked-token accuracy [0-9.]+%, sentences whose nearest in the batch "
                + "shares their document [0-9.]+%.*"), straight.out());
        assertTrue(straight.err().contains("contrast="), "the progress bar shows the contrastive loss: " + straight.err());

        assertEquals(0, run(pretrain(text, c, "--init", a.toString(), "--no-nsp", "--document-contrast", "0.5", "--minutes", "0")).code());
        CliRun resumed = run(pretrain(text, c, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        Map<String, Tensor> want = BertForMaskedLM.fromPretrained(b).stateDict(), got = BertForMaskedLM.fromPretrained(c).stateDict();
        for (String k : want.keySet()) assertArrayEquals(want.get(k).toArray(), got.get(k).toArray(), k);

        CliRun withNsp = run(pretrain(text, dir.resolve("c4"), "--document-contrast", "1"));
        assertNotEquals(0, withNsp.code());
        assertTrue(withNsp.err().contains("--document-contrast goes with the masked LM alone: add --no-nsp"), withNsp.err());
    }

    @Test
    void helpDescribesTheCommands() {
        for (String c : List.of("pretrain", "fill-mask")) {
            CliRun r = run("bert", c, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Usage: nabla bert " + c), r.out());
        }
        assertTrue(run("bert", "pretrain", "--help").out().contains("--[no-]nsp"));
    }
}
