package dev.nabla.cli.gpt;

import dev.nabla.cli.CliRun;
import dev.nabla.cli.Main;
import dev.nabla.models.gpt.GPT;
import dev.nabla.models.gpt.Generation;
import dev.nabla.models.gpt.GenerationConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
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
        CliRun r = CliRun.of(cmd, args);
        return new Run(r.code(), r.out(), cmd);
    }

    @Test
    void printsThePromptAndTheSameTextAsTheLibrary() throws Exception {
        Run r = run("--model", tiny().toString(), "--prompt", "the cat", "--max-new-tokens", "30", "--temperature", "0.9",
                "--top-k", "20", "--top-p", "0.95", "--repetition-penalty", "1.3", "--seed", "5");
        assertEquals(0, r.code());
        GPT m = GPT.fromPretrained(tiny());
        String want = Generation.generate(m, "the cat",
                new GenerationConfig(30, 0.9, 20, 0.95, 1.3, List.of(), 5, m.tokenizer().endOfText()), null);
        assertTrue(!want.isEmpty());
        assertEquals(want, r.cmd.texts.get(0));
        assertEquals("the cat" + want + System.lineSeparator(), r.out());
    }

    @Test
    void batchedPromptsAreLabelledAndEachAsAlone() throws Exception {
        Path file = Files.createTempFile("prompts", ".txt");
        try {
            Files.writeString(file, "in her there\n\n!\n");
            Run r = run("--model", tiny().toString(), "--prompt", "the", "--prompts-file", file.toString(), "--num-return-sequences", "2",
                    "--max-new-tokens", "12", "--temperature", "0");
            assertEquals(0, r.code());
            List<String> prompts = List.of("the", "in her there", "!");
            assertEquals(6, r.cmd.texts.size());
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                String alone = run("--model", tiny().toString(), "--prompt", prompts.get(i / 2), "--max-new-tokens", "12", "--temperature", "0").cmd.texts.get(0);
                assertEquals(alone, r.cmd.texts.get(i), "row " + i);
                want.append("--- prompt ").append(i / 2 + 1).append(", sequence ").append(i % 2 + 1).append(" ---").append(System.lineSeparator())
                        .append(prompts.get(i / 2)).append(alone).append(System.lineSeparator());
            }
            assertEquals(want.toString(), r.out());
            Run sampled = run("--model", tiny().toString(), "--prompt", "the", "--num-return-sequences", "3", "--max-new-tokens", "12", "--seed", "3");
            assertEquals(3, sampled.cmd.texts.stream().distinct().count(), "sampled sequences differ: " + sampled.cmd.texts);
            Files.writeString(file, "\n");
            assertEquals(1, run("--model", tiny().toString(), "--prompts-file", file.toString()).code(), "no prompt: an error");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void stopStringsAndGreedyFromMain() throws Exception {
        Run greedy = run("--model", tiny().toString(), "--prompt", "in", "--max-new-tokens", "20", "--temperature", "0");
        String text = greedy.cmd.texts.get(0);
        assertTrue(text.length() > 4, text);
        String stop = text.substring(3, 5);
        Run stopped = run("--model", tiny().toString(), "--prompt", "in", "--max-new-tokens", "20", "--temperature", "0", "--stop", stop);
        assertEquals(text.substring(0, text.indexOf(stop)), stopped.cmd.texts.get(0));
        assertEquals(0, new CommandLine(new Main()).execute("gpt", "generate", "--model", tiny().toString(), "--prompt", "he",
                "--max-new-tokens", "3", "--seed", "1"));
        assertEquals(0, new CommandLine(new Main()).execute("gpt", "generate", "--model", tiny().toString(), "--max-new-tokens", "200",
                "--seed", "2"), "past the 64 positions the context slides");
        assertEquals(1, new CommandLine(new Main()).execute("gpt", "generate", "--model", tiny().toString(), "--prompt", "in ".repeat(70)),
                "a prompt longer than the 64 positions: an error, not a crash");
    }
}
