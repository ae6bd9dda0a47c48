package dev.nabla.cli;

import dev.nabla.models.RnnLMFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nabla lm train, eval, sample and resume on a small periodic text that a tiny model learns in a few dozen iterations. */
class LmCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainEvalSampleAndResume() throws Exception {
        Path text = dir.resolve("abc.txt"), model = dir.resolve("lm.safetensors"), plot = dir.resolve("loss.png");
        Files.writeString(text, "abcdefgh\n".repeat(250));
        String[] train = {"lm", "train", "--text", text.toString(), "--hidden", "24", "--embed", "8", "--layers", "1",
                "--batch", "4", "--seq", "16", "--lr", "3e-2", "--eval-every", "20", "-o", model.toString(), "--plot", plot.toString()};
        assertEquals(0, run(train, "--iters", "60").code());
        assertEquals(60, RnnLMFile.load(model).step());
        assertTrue(Files.size(plot) > 1000);

        CliRun eval = run(new String[] {"lm", "eval", "-m", model.toString(), "--text", text.toString()});
        assertEquals(0, eval.code());
        double perplexity = Double.parseDouble(eval.out().replaceAll("(?s).*perplexity ([0-9.]+).*", "$1"));
        assertTrue(perplexity < 1.5, "perplexity " + perplexity + " of a deterministic sequence; output: " + eval.out());

        CliRun sample = run(new String[] {"lm", "sample", "-m", model.toString(), "--prompt", "cd", "--length", "25", "--temperature", "0"});
        assertEquals(0, sample.code());
        assertEquals("cdefgh\nabcdefgh\nabcdefgh\nab", sample.out().strip());

        CliRun resumed = run(train, "--iters", "80", "--resume");
        assertEquals(0, resumed.code());
        assertTrue(resumed.out().contains("resumed from " + model + " at iteration 60"), resumed.out());
        assertEquals(80, RnnLMFile.load(model).step());
    }

    /** Words: a text whose sentences follow a fixed order, learnt far below the n-gram baseline of order 1. */
    @Test
    void wordLevelTrainEvalWithBaselineAndSample() throws Exception {
        Path text = dir.resolve("words.txt"), model = dir.resolve("words.safetensors");
        Files.writeString(text, "the cat sat on the mat .\na dog ran in the park .\n".repeat(60));
        assertEquals(0, run(new String[] {"lm", "train", "--level", "word", "--text", text.toString(), "--hidden", "24", "--embed", "8",
                "--layers", "1", "--batch", "4", "--seq", "12", "--lr", "3e-2", "--iters", "60", "--eval-every", "30",
                "-o", model.toString(), "--plot", dir.resolve("w.png").toString()}).code());
        CliRun eval = run(new String[] {"lm", "eval", "-m", model.toString(), "--text", text.toString(), "--ngram", "1"});
        assertEquals(0, eval.code());
        double neural = Double.parseDouble(eval.out().replaceAll("(?s).*?perplexity ([0-9.]+).*", "$1"));
        double unigram = Double.parseDouble(eval.out().replaceAll("(?s).*n-gram.*perplexity ([0-9.]+).*", "$1"));
        assertTrue(neural < 1.5 && unigram > 5, eval.out());
        CliRun sample = run(new String[] {"lm", "sample", "-m", model.toString(), "--prompt", "the cat", "--length", "7", "--temperature", "0"});
        assertEquals("the cat sat on the mat .\na", sample.out().strip());
    }

    /** Characters from the files below a directory, in path order, with dropout. */
    @Test
    void charactersFromADirectory() throws Exception {
        Path texts = dir.resolve("texts"), model = dir.resolve("dir.safetensors");
        Files.createDirectories(texts.resolve("b"));
        Files.writeString(texts.resolve("a.txt"), "xyxy\n".repeat(60));
        Files.writeString(texts.resolve("b/c.txt"), "xyxy\n".repeat(60));
        Files.writeString(texts.resolve(".hidden"), "Q");
        CliRun train = run(new String[] {"lm", "train", "--text", texts.toString(), "--hidden", "8", "--embed", "4", "--layers", "2",
                "--dropout", "0.1", "--batch", "2", "--seq", "16", "--iters", "4", "--eval-every", "4", "-o", model.toString(),
                "--plot", dir.resolve("d.png").toString()});
        assertEquals(0, train.code());
        assertTrue(train.out().contains("the files below " + texts + ": 540 characters for training, 60 for validation, 3 distinct"), train.out());
        assertTrue(train.out().contains("dropout 0.1"), train.out());
    }

    @Test
    void unknownCharacterAtEvalNamesTheLine() throws Exception {
        Path text = dir.resolve("abc.txt"), model = dir.resolve("lm.safetensors"), other = dir.resolve("other.txt");
        Files.writeString(text, "abab\n".repeat(100));
        assertEquals(0, run(new String[] {"lm", "train", "--text", text.toString(), "--hidden", "4", "--embed", "2", "--layers", "1",
                "--batch", "2", "--seq", "8", "--iters", "2", "-o", model.toString(), "--plot", dir.resolve("p.png").toString()}).code());
        Files.writeString(other, "abab\n".repeat(100) + "abxb\n");
        CliRun eval = run(new String[] {"lm", "eval", "-m", model.toString(), "--text", other.toString()});
        assertTrue(eval.code() != 0);
        assertTrue(eval.err().contains(other + ": line 101: character U+0078"), eval.err());
    }

    private static CliRun run(String[] args, String... more) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more)).toArray(String[]::new);
        CliRun r = CliRun.nabla(all);
        System.out.print(r.out());
        return r;
    }
}
