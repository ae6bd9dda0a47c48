package dev.nabla.cli.gpt;

import dev.nabla.models.gpt.GPT;
import dev.nabla.models.gpt.Generation;
import dev.nabla.models.gpt.GenerationConfig;
import dev.nabla.text.bpe.BpeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Generates text from a GPT-2 directory, streaming it to the terminal. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Continue a prompt with a GPT-2 model, printing each piece of text as it is generated.",
                "The prompt goes through the model once; each new token then reuses the cached keys and values.",
                "Generation ends after --max-new-tokens, at <|endoftext|>, or before the first --stop string."})
public final class GptGenerateCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR",
            description = "Directory with config.json, model.safetensors, vocab.json and merges.txt (Hugging Face's GPT-2 layout).")
    Path model;

    @Option(names = "--prompt", defaultValue = "Hello, I'm a language model,", description = "Text to continue (default: ${DEFAULT-VALUE}).")
    String prompt;

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

    @Option(names = "--seed", description = "Random seed, for the same text again (default: a new one each run).")
    Long seed;

    /** The generated text after the prompt, for tests. */
    String text;

    @Override
    public Integer call() throws Exception {
        GPT gpt = GPT.fromPretrained(model);
        if (gpt.tokenizer() == null) throw new IllegalArgumentException("gpt generate: " + model + " has no vocab.json + merges.txt");
        Integer eos = gpt.tokenizer().specials().get(BpeFiles.END_OF_TEXT);
        GenerationConfig cfg;
        try {
            cfg = new GenerationConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, stop,
                    seed != null ? seed : System.nanoTime(), eos == null ? -1 : eos);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gpt " + e.getMessage(), e);
        }
        PrintStream out = System.out;
        out.print(prompt);
        out.flush();
        long t0 = System.nanoTime();
        text = Generation.generate(gpt, prompt, cfg, piece -> {
            out.print(piece);
            out.flush();
        });
        double s = (System.nanoTime() - t0) / 1e9;
        out.println();
        System.err.printf("[generated in %.2f s]%n", s);
        return 0;
    }
}
