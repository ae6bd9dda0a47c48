package dev.nabla.cli.bert;

import dev.nabla.cli.Main;
import dev.nabla.models.bert.BertForPreTraining;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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

    /** Runs nabla with args; returns {exit code, stdout, stderr}. */
    private static Object[] run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = new CommandLine(new Main());
            cl.setErr(new PrintWriter(err, true));
            int rc = cl.execute(args);
            return new Object[] {rc, buf.toString(StandardCharsets.UTF_8), err.toString()};
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void pretrainsSavesResumesExactlyAndFillsMasks() throws Exception {
        Path text = text(), a = dir.resolve("a"), b = dir.resolve("b");
        Object[] straight = run(pretrain(text, a));
        assertEquals(0, straight[0], (String) straight[2]);
        String log = (String) straight[1];
        assertTrue(log.contains("step 24: validation MLM loss"), log);
        assertTrue(log.contains("NSP accuracy"), log);
        assertTrue(log.contains("[MASK] #1:"), log);
        for (String f : List.of("config.json", "model.safetensors", "vocab.txt", "tokenizer.json", "tokenizer_config.json", "train.safetensors"))
            assertTrue(Files.isRegularFile(a.resolve(f)), f);
        assertTrue(Files.size(dir.resolve("loss.png")) > 0);

        assertEquals(0, run(pretrain(text, b, "--minutes", "0"))[0]); // stops after its first step
        Object[] resumed = run(pretrain(text, b, "--resume", "--seed", "9")); // the saved options win
        assertEquals(0, resumed[0], (String) resumed[2]);
        assertTrue(((String) resumed[1]).contains("resuming " + b + " at step 1"), (String) resumed[1]);
        Map<String, Tensor> want = BertForPreTraining.fromPretrained(a).stateDict(), got = BertForPreTraining.fromPretrained(b).stateDict();
        for (String k : want.keySet()) assertArrayEquals(want.get(k).toArray(), got.get(k).toArray(), k);

        Object[] fill = run("bert", "fill-mask", "-m", a.toString(), "-k", "3", "the [MASK] returns the [MASK] at index 1.");
        assertEquals(0, fill[0], (String) fill[2]);
        String[] lines = ((String) fill[1]).split("\n");
        assertEquals(3, lines.length, (String) fill[1]);
        for (int i = 1; i <= 2; i++) {
            assertTrue(lines[i].startsWith("  [MASK] #" + i + ":"), lines[i]);
            assertEquals(3, lines[i].substring(lines[i].indexOf(':') + 1).trim().split(" {2}").length, lines[i]);
        }

        Object[] noMask = run("bert", "fill-mask", "-m", a.toString(), "nothing to fill");
        assertNotEquals(0, noMask[0]);
        assertTrue(((String) noMask[2]).contains("has no [MASK]"), (String) noMask[2]);
        Object[] missing = run("bert", "fill-mask", "-m", dir.resolve("nowhere").toString(), "a [MASK].");
        assertNotEquals(0, missing[0]);
        assertTrue(((String) missing[2]).contains("nowhere"), (String) missing[2]);
    }

    @Test
    void helpDescribesTheCommands() {
        for (String c : List.of("pretrain", "fill-mask")) {
            Object[] r = run("bert", c, "--help");
            assertEquals(0, r[0]);
            assertTrue(((String) r[1]).contains("Usage: nabla bert " + c), (String) r[1]);
        }
        assertTrue(((String) run("bert", "pretrain", "--help")[1]).contains("--[no-]nsp"));
    }
}
