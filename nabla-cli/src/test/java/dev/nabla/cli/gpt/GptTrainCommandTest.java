package dev.nabla.cli.gpt;

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
}
