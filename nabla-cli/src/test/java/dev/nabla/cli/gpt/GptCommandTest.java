package dev.nabla.cli.gpt;

import dev.nabla.cli.Main;
import dev.nabla.models.gpt.GPT;
import dev.nabla.models.gpt.Generation;
import dev.nabla.models.gpt.GenerationConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nabla gpt generate on the tiny GPT-2 checkpoint made by tools/goldens/gpt2.py (PyTorch, Hugging Face's layout). */
class GptCommandTest {
    static Path tiny() throws Exception {
        return Path.of(GptCommandTest.class.getResource("/gpt2-tiny/config.json").toURI()).getParent();
    }

    record Run(int code, String out, GptGenerateCommand cmd) {}

    static Run run(String... args) {
        GptGenerateCommand cmd = new GptGenerateCommand();
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(cmd).execute(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8), cmd);
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void printsThePromptAndTheSameTextAsTheLibrary() throws Exception {
        Run r = run("--model", tiny().toString(), "--prompt", "the cat", "--max-new-tokens", "30", "--temperature", "0.9",
                "--top-k", "20", "--top-p", "0.95", "--repetition-penalty", "1.3", "--seed", "5");
        assertEquals(0, r.code);
        GPT m = GPT.fromPretrained(tiny());
        String want = Generation.generate(m, "the cat",
                new GenerationConfig(30, 0.9, 20, 0.95, 1.3, List.of(), 5, m.tokenizer().id("<|endoftext|>")), null);
        assertTrue(!want.isEmpty());
        assertEquals(want, r.cmd.text);
        assertEquals("the cat" + want + System.lineSeparator(), r.out);
    }

    @Test
    void stopStringsAndGreedyFromMain() throws Exception {
        Run greedy = run("--model", tiny().toString(), "--prompt", "in", "--max-new-tokens", "20", "--temperature", "0");
        String text = greedy.cmd.text;
        assertTrue(text.length() > 4, text);
        String stop = text.substring(3, 5);
        Run stopped = run("--model", tiny().toString(), "--prompt", "in", "--max-new-tokens", "20", "--temperature", "0", "--stop", stop);
        assertEquals(text.substring(0, text.indexOf(stop)), stopped.cmd.text);
        assertEquals(0, new CommandLine(new Main()).execute("gpt", "generate", "--model", tiny().toString(), "--prompt", "he",
                "--max-new-tokens", "3", "--seed", "1"));
        assertEquals(0, new CommandLine(new Main()).execute("gpt", "generate", "--model", tiny().toString(), "--max-new-tokens", "200",
                "--seed", "2"), "past the 64 positions the context slides");
        assertEquals(1, new CommandLine(new Main()).execute("gpt", "generate", "--model", tiny().toString(), "--prompt", "in ".repeat(70)),
                "a prompt longer than the 64 positions: an error, not a crash");
    }
}
