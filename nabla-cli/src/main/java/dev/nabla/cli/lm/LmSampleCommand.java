package dev.nabla.cli.lm;

import dev.nabla.models.RnnLMFile;
import dev.nabla.models.TokenSampler;
import dev.nabla.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Generates text from a trained language model. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Generate text from a model written by 'nabla lm train': the prompt primes the state, then each token",
                "(character or word) is drawn from softmax(logits / temperature), restricted to the top k (temperature 0: always the most likely)."})
final class LmSampleCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "Model file (safetensors) from 'nabla lm train'.")
    Path model;

    @Option(names = "--prompt", defaultValue = "ROMEO:", description = "Text to start from (default: ${DEFAULT-VALUE}).")
    String prompt;

    @Option(names = "--length", defaultValue = "500", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Softmax temperature; 0: greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Draw only from the k most likely tokens; 0: all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--seed", description = "Random seed, for the same text again (default: a new one each run).")
    Long seed;

    /** The generated text, for tests. */
    String text;

    @Override
    public Integer call() throws Exception {
        RnnLMFile.Loaded m = RnnLMFile.load(model);
        Generator g = new Generator(seed != null ? seed : System.nanoTime());
        try {
            text = TokenSampler.sample(m.model(), m.vocab(), prompt, length, temperature, topK, g);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lm sample: " + e.getMessage(), e);
        }
        System.out.println(text);
        return 0;
    }
}
