package dev.nabla.cli.gpt;

import dev.nabla.models.gpt.GPT;
import dev.nabla.models.gpt.Generation;
import dev.nabla.models.gpt.GenerationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Generates text from a GPT-2 directory: one prompt streamed to the terminal, or several in one batch. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Continue prompts with a GPT-2 model. The prompts go through the model once, as one batch (left-padded,",
                "each row computed as if alone); each new token then reuses the cached keys and values. A row ends after",
                "--max-new-tokens, at <|endoftext|>, or before the first --stop string. One prompt and one sequence are",
                "printed piece by piece as they are generated; several are printed when all are done, each under a label."})
public final class GptGenerateCommand implements Callable<Integer> {
    static final String DEFAULT_PROMPT = "Hello, I'm a language model,";

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR",
            description = "Directory with config.json, model.safetensors, and vocab.json + merges.txt (Hugging Face's GPT-2 layout) "
                    + "or char_vocab.json (a character model of 'nabla gpt train --tokenizer char').")
    Path model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Text to continue (repeatable; default: '" + DEFAULT_PROMPT + "' when no --prompts-file).")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--prompts-file", paramLabel = "FILE", description = "A UTF-8 file of prompts, one a line (empty lines skipped), after any --prompt.")
    Path promptsFile;

    @Option(names = "--num-return-sequences", defaultValue = "1", paramLabel = "N",
            description = "Texts per prompt, drawn in one batch (with --temperature 0 they are all the same) (default: ${DEFAULT-VALUE}).")
    int numReturnSequences;

    @Option(names = "--max-new-tokens", defaultValue = "100", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Softmax temperature; 0: always the most likely token (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "50", description = "Draw only from the k most likely tokens; 0: all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Draw only from the most likely tokens that make up this probability; 1: all (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--repetition-penalty", defaultValue = "1.0",
            description = "Divide (positive) or multiply (negative) the logits of tokens already present by this; 1: off (default: ${DEFAULT-VALUE}).")
    double repetitionPenalty;

    @Option(names = "--stop", paramLabel = "TEXT", description = "End the text before this string (repeatable).")
    List<String> stop = List.of();

    @Option(names = "--seed", description = "Random seed, for the same text again (default: a new one each run). The rows of a batch "
            + "draw from one generator, so a prompt's text in a batch differs from its text alone unless --temperature is 0.")
    Long seed;

    /** The generated texts after the prompts (each prompt's sequences together, in order), for tests. */
    List<String> texts;

    @Override
    public Integer call() throws Exception {
        List<String> all = new ArrayList<>(prompts);
        if (promptsFile != null)
            for (String line : Files.readAllLines(promptsFile, StandardCharsets.UTF_8)) if (!line.isEmpty()) all.add(line);
        if (all.isEmpty() && promptsFile != null) throw new IllegalArgumentException("gpt generate: " + promptsFile + " holds no prompt");
        if (all.isEmpty()) all.add(DEFAULT_PROMPT);
        if (numReturnSequences < 1) throw new IllegalArgumentException("gpt generate: --num-return-sequences must be >= 1, got " + numReturnSequences);
        GPT gpt = GPT.fromPretrained(model);
        if (gpt.tokenizer() == null)
            throw new IllegalArgumentException("gpt generate: " + model + " has no tokenizer (vocab.json + merges.txt, or char_vocab.json)");
        GenerationConfig cfg;
        try {
            cfg = new GenerationConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, stop,
                    seed != null ? seed : System.nanoTime(), gpt.tokenizer().endOfText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gpt " + e.getMessage(), e);
        }
        List<String> rows = new ArrayList<>();
        for (String p : all) for (int k = 0; k < numReturnSequences; k++) rows.add(p);
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        if (rows.size() == 1) {
            out.print(rows.get(0));
            out.flush();
            texts = List.of(Generation.generate(gpt, rows.get(0), cfg, piece -> {
                out.print(piece);
                out.flush();
            }));
            out.println();
        } else {
            texts = Generation.generate(gpt, rows, cfg, null);
            for (int r = 0; r < rows.size(); r++) {
                int p = r / numReturnSequences + 1, k = r % numReturnSequences + 1;
                out.println("--- prompt " + p + (numReturnSequences > 1 ? ", sequence " + k : "") + " ---");
                out.println(rows.get(r) + texts.get(r));
            }
        }
        System.err.printf("[generated in %.2f s]%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
