package dev.nabla.bench;

import dev.nabla.models.RnnLM;
import dev.nabla.models.RnnLMTrainer;
import dev.nabla.models.CharVocab;
import dev.nabla.tensor.Generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * nabla's half of charlm-side-by-side.sh (peers/torch_charlm.py is torch's): issue #6's char-level LM on a text, first
 * 90% train, last 10% validation; embedding 64, 2-layer LSTM 256, batch 32 streams, seq 100, Adam 2e-3, clip 5.
 * Prints at each evaluation point: iteration, validation loss (mean cross-entropy per character over the validation
 * text read as 32 streams with the state carried), and the mean ms per training iteration so far (evaluation excluded).
 * Usage: CharLMBench text.txt eval-iteration... (e.g. 200 500)
 */
public final class CharLMBench {
    static final int BATCH = 32, STEPS = 100;

    public static void main(String[] args) throws IOException {
        String text = Files.readString(Path.of(args[0]));
        int[] evals = Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray();
        CharVocab vocab = CharVocab.fromText(text);
        int split = (int) (text.length() * 0.9);
        int[] train = vocab.encode(text.substring(0, split)), val = vocab.encode(text.substring(split));
        RnnLM model = new RnnLM(new RnnLM.Config(vocab.size(), 64, 256, 2, RnnLM.Cell.LSTM), new Generator(0));
        RnnLMTrainer trainer = new RnnLMTrainer(model, train, BATCH, STEPS, 2e-3, 5);
        long trainNanos = 0;
        for (int i = 1, e = 0; e < evals.length; i++) {
            long t = System.nanoTime();
            trainer.step();
            trainNanos += System.nanoTime() - t;
            if (i == evals[e]) {
                System.out.printf(Locale.ROOT, "nabla\t%d\t%.4f\t%.1f%n", i, RnnLMTrainer.evaluate(model, val, BATCH, STEPS), trainNanos / 1e6 / i);
                e++;
            }
        }
    }
}
