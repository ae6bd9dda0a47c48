package dev.nabla.bench;

import dev.nabla.models.CausalLMTrainer;
import dev.nabla.models.CharVocab;
import dev.nabla.models.gpt.GPT;
import dev.nabla.models.gpt.GPTConfig;
import dev.nabla.tensor.Generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * nabla's half of gpt-side-by-side.sh: issue #8's baby GPT on a character-level text (see the script for the
 * settings, which peers/torch_gpt.py shares). Prints "nabla, iteration, train loss, validation loss, mean ms per
 * training iteration so far" as tab-separated lines.
 * <pre>GptBench TEXT ITERS EVAL_EVERY</pre>
 */
public final class GptBench {
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: GptBench TEXT ITERS EVAL_EVERY");
            System.exit(2);
        }
        String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        int iters = Integer.parseInt(args[1]), every = Integer.parseInt(args[2]);
        CharVocab vocab = CharVocab.fromText(text);
        int[] ids = vocab.encode(text);
        int split = (int) (ids.length * 0.9);
        int[] train = Arrays.copyOf(ids, split), val = Arrays.copyOfRange(ids, split, ids.length);
        GPT model = new GPT(new GPTConfig(vocab.size(), 64, 128, 4, 4, 0f, 1e-5f, true), new Generator(0));
        CausalLMTrainer t = new CausalLMTrainer(model, train,
                new CausalLMTrainer.Config(12, 64, 1, 1e-3, 1e-4, 100, 2000, 0.1, 0.9, 0.99, 1.0, 1));
        long spent = 0;
        for (int i = 1; i <= iters; i++) {
            long t0 = System.nanoTime();
            t.step();
            spent += System.nanoTime() - t0;
            if (i % every == 0 || i == iters)
                System.out.printf(Locale.ROOT, "nabla\t%d\t%.4f\t%.4f\t%.1f%n", i, t.estimateLoss(train, 200, 2),
                        t.estimateLoss(val, 200, 3), spent / 1e6 / i);
        }
    }
}
