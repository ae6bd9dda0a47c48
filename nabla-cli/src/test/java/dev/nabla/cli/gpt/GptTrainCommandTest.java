package dev.nabla.cli.gpt;

import dev.nabla.models.CharVocab;
import dev.nabla.models.gpt.GPT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nabla gpt train on a small repetitive text: it learns it, saves a directory gpt generate loads, and resumes exactly. */
class GptTrainCommandTest {
    @TempDir
    Path dir;

    private String[] args(Path text, Path out, int iters, String... more) {
        String[] base = {"--text", text.toString(), "--vocab", "270", "--layers", "1", "--heads", "2", "--embd", "32", "--block", "24",
                "--batch", "8", "--iters", String.valueOf(iters), "--warmup", "5", "--lr", "1e-2", "--min-lr", "1e-3", "--eval-every", "30",
                "--eval-iters", "4", "-o", out.toString(), "--plot", dir.resolve("loss.png").toString(), "--prompt", "for (int ",
                "--sample-tokens", "8"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static GptTrainCommand run(String[] args) {
        GptTrainCommand cmd = new GptTrainCommand();
        PrintStream old = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, new CommandLine(cmd).execute(args));
        } finally {
            System.setOut(old);
        }
        return cmd;
    }

    @Test
    void learnsSavesAndResumesExactly() throws Exception {
        Path text = dir.resolve("loop.java");
        Files.writeString(text, "for (int i = 0; i < n; i++) sum += a[i];\n".repeat(300));
        Path a = dir.resolve("a"), b = dir.resolve("b");
        GptTrainCommand straight = run(args(text, a, 60));
        assertTrue(straight.validationLoss < 0.5, "validation loss " + straight.validationLoss);
        assertTrue(!straight.sample.isEmpty());
        assertTrue(GPT.fromPretrained(a).tokenizer() != null);
        for (String f : new String[] {"config.json", "model.safetensors", "vocab.json", "merges.txt", "train.safetensors"})
            assertTrue(Files.isRegularFile(a.resolve(f)), f);

        run(args(text, b, 60, "--minutes", "0")); // stops after its first step
        GptTrainCommand resumed = run(args(text, b, 60, "--resume"));
        assertEquals(straight.validationLoss, resumed.validationLoss);
        assertEquals(Files.readString(a.resolve("config.json")), Files.readString(b.resolve("config.json")));
    }

    @Test
    void aCharacterModelTrainsGeneratesAndResumes() throws Exception {
        Path text = dir.resolve("loop.java");
        Files.writeString(text, "for (int i = 0; i < n; i++) sum += a[i];\n".repeat(200));
        Path a = dir.resolve("chars"), b = dir.resolve("chars2");
        GptTrainCommand straight = run(args(text, a, 40, "--tokenizer", "char"));
        assertTrue(straight.validationLoss < 1.5, "validation loss " + straight.validationLoss);
        assertTrue(Files.isRegularFile(a.resolve("char_vocab.json")));
        assertTrue(!Files.exists(a.resolve("vocab.json")) && !Files.exists(a.resolve("merges.txt")));
        GPT back = GPT.fromPretrained(a);
        assertEquals(CharVocab.fromText(Files.readString(text)), back.tokenizer());
        assertEquals(back.tokenizer().size(), back.config.vocabSize());

        GptCommandTest.Run gen = GptCommandTest.run("--model", a.toString(), "--prompt", "for (", "--max-new-tokens", "20", "--temperature", "0");
        assertEquals(0, gen.code());
        assertEquals(20, gen.cmd().texts.get(0).length(), "one character a token");
        assertEquals(1, GptCommandTest.run("--model", a.toString(), "--prompt", "Ω").code(), "a character the model lacks: an error");

        run(args(text, b, 40, "--tokenizer", "char", "--minutes", "0"));
        GptTrainCommand resumed = run(args(text, b, 40, "--resume"));
        assertEquals(straight.validationLoss, resumed.validationLoss);
        assertEquals(1, new CommandLine(new GptTrainCommand()).execute(args(text, dir.resolve("x"), 40, "--tokenizer", "word")));
    }
}
