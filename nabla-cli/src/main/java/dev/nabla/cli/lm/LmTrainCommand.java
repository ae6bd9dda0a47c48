package dev.nabla.cli.lm;

import dev.nabla.models.CharLM;
import dev.nabla.models.CharLMFile;
import dev.nabla.models.CharLMTrainer;
import dev.nabla.models.CharVocab;
import dev.nabla.tensor.Generator;
import dev.nabla.util.Plot;
import dev.nabla.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Trains a character-level language model with truncated back-propagation through time. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a character-level LSTM or GRU language model (char-rnn: batch contiguous streams, state carried",
                "between iterations, Adam, gradient-norm clipping) on the first 90%% of a text; the last 10%% is for validation.",
                "The default text is Tiny Shakespeare from the shared data (a character model needs no word corpus such as src.zip).",
                "The model is written at every evaluation; --resume goes on from it (the Adam moments start afresh)."})
final class LmTrainCommand implements Callable<Integer> {
    /** Characters per forward pass when evaluating; the state is carried across, so it changes only the speed. */
    static final int EVAL_CHUNK = 1000;

    @Option(names = "--text", paramLabel = "FILE", description = "UTF-8 text to learn (default: " + LmText.DEFAULT + " of the shared data).")
    Path textFile;

    @Option(names = "--hidden", defaultValue = "256", description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--embed", defaultValue = "64", description = "Character embedding size (default: ${DEFAULT-VALUE}).")
    int embed;

    @Option(names = "--layers", defaultValue = "2", description = "Recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--cell", defaultValue = "lstm", description = "lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--batch", defaultValue = "32", description = "Parallel streams per iteration (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "100", description = "Characters per stream per iteration (back-propagation length) (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--clip", defaultValue = "5", description = "Largest gradient norm; 0: no clipping (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--iters", defaultValue = "2000", description = "Iteration to stop at, counting those of a resumed run (default: ${DEFAULT-VALUE}).")
    long iters;

    @Option(names = "--eval-every", defaultValue = "200", description = "Validate and save every N iterations (default: ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed of the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, defaultValue = "nabla-demo/lm.safetensors", description = "Model file, written atomically (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Continue from the model in -o when it exists (its architecture and vocabulary win over the options).")
    boolean resume;

    @Option(names = "--plot", paramLabel = "FILE", defaultValue = "nabla-demo/lm-loss.png", description = "PNG or SVG of the train and validation loss (default: ${DEFAULT-VALUE}).")
    Path plot;

    /** The last validation loss and iteration, for tests. */
    double validationLoss;
    long iteration;

    @Override
    public Integer call() throws Exception {
        if (iters <= 0 || evalEvery <= 0) throw new IllegalArgumentException("lm train: --iters and --eval-every must be > 0");
        LmText t = LmText.read(textFile, "lm train");
        CharLM model;
        CharVocab vocab;
        long start = 0;
        if (resume && Files.exists(out)) {
            CharLMFile.Loaded m = CharLMFile.load(out);
            model = m.model();
            vocab = m.vocab();
            start = m.step();
            if (start >= iters)
                throw new IllegalArgumentException("lm train: " + out + " has already done " + start + " iterations; ask for more with --iters");
            System.out.printf(Locale.ROOT, "resumed from %s at iteration %d%n", out, start);
        } else {
            vocab = CharVocab.fromText(t.text());
            CharLM.Cell c = switch (cell.toLowerCase(Locale.ROOT)) {
                case "lstm" -> CharLM.Cell.LSTM;
                case "gru" -> CharLM.Cell.GRU;
                default -> throw new IllegalArgumentException("lm train: --cell is lstm or gru, not '" + cell + "'");
            };
            model = new CharLM(new CharLM.Config(vocab.size(), embed, hidden, layers, c), new Generator(seed));
        }
        int[] train = encode(vocab, t, 0, t.split()), validation = encode(vocab, t, t.split(), t.text().length());
        CharLMTrainer trainer;
        try {
            trainer = new CharLMTrainer(model, train, batch, seq, lr, clip);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lm train: " + t.file() + ": " + e.getMessage() + "; lower --batch or --seq", e);
        }
        CharLM.Config c = model.config;
        System.out.printf(Locale.ROOT, "%s: %,d characters for training, %,d for validation, %d distinct%n",
                t.file(), train.length, validation.length, vocab.size());
        System.out.printf(Locale.ROOT, "%s %d×%d (embedding %d), %,d parameters; batch %d × %d steps, Adam lr %.3g, clip %.3g%n",
                c.cell(), c.layers(), c.hidden(), c.embed(), model.numParameters(), batch, seq, lr, clip);
        List<double[]> trainLoss = new ArrayList<>(), valLoss = new ArrayList<>();
        iteration = start;
        while (iteration < iters) {
            long end = Math.min(iters, (iteration / evalEvery + 1) * evalEvery);
            long t0 = System.nanoTime();
            double sum = 0;
            try (Progress bar = new Progress("iterations " + (iteration + 1) + "-" + end + " of " + iters, end - iteration, "it")) {
                for (long i = iteration; i < end; i++) {
                    double loss = trainer.step();
                    sum += loss;
                    trainLoss.add(new double[] {i + 1, loss});
                    double secs = (System.nanoTime() - t0) / 1e9;
                    bar.set("loss", "%.4f", loss).set("tokens/s", "%,.0f", (i + 1 - iteration) * (double) batch * seq / secs).step();
                }
            }
            double mean = sum / (end - iteration);
            iteration = end;
            validationLoss = CharLMTrainer.evaluate(model, validation, EVAL_CHUNK);
            valLoss.add(new double[] {iteration, validationLoss});
            CharLMFile.save(out, model, vocab, iteration);
            System.out.printf(Locale.ROOT, "iteration %d: train loss %.4f, validation loss %.4f, perplexity %.3f; saved %s%n",
                    iteration, mean, validationLoss, Math.exp(validationLoss), out);
        }
        new Plot("Character language model: cross-entropy (nats/char)", "iteration", "loss")
                .line("train", column(trainLoss, 0), column(trainLoss, 1))
                .line("validation", column(valLoss, 0), column(valLoss, 1)).save(plot);
        System.out.println("plot: " + plot + "; try: nabla lm sample -m " + out);
        return 0;
    }

    /** The ids of characters [from, to) of the text; a character the vocabulary lacks is an error naming its line. */
    static int[] encode(CharVocab vocab, LmText t, int from, int to) {
        String text = t.text();
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (vocab.id(ch) < 0) {
                long line = text.chars().limit(i).filter(x -> x == '\n').count() + 1;
                throw new IllegalArgumentException(t.file() + ": line " + line + ": character U+" + String.format("%04X", (int) ch)
                        + " is not in the model's vocabulary");
            }
        }
        return vocab.encode(text.subSequence(from, to));
    }

    private static double[] column(List<double[]> rows, int k) {
        return rows.stream().mapToDouble(r -> r[k]).toArray();
    }
}
