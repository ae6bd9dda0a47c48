package dev.nabla.cli.lm;

import dev.nabla.models.RnnLM;
import dev.nabla.models.RnnLMFile;
import dev.nabla.models.RnnLMTrainer;
import dev.nabla.models.TokenVocab;
import dev.nabla.tensor.Generator;
import dev.nabla.cli.LossHistory;
import dev.nabla.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Trains a character- or word-level language model with truncated back-propagation through time. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an LSTM or GRU language model (char-rnn style: batch contiguous streams, state carried between",
                "iterations, Adam, gradient-norm clipping) on the first 90%% of a text; the last 10%% is for validation.",
                "Characters: a text file or directory, by default Tiny Shakespeare of the shared data (else the JDK's java.util",
                "sources). Words: a text file, a directory, or a .zip/.jar of Java sources (its Javadoc), by default the JDK's src.zip.",
                "The model and its training state are written at every evaluation; --resume goes on exactly where it stopped."})
final class LmTrainCommand implements Callable<Integer> {
    /** Tokens per forward pass when evaluating; the state is carried across, so it changes only the speed. */
    static final int EVAL_CHUNK = 1000;

    @Option(names = "--text", paramLabel = "PATH", description = "Text to learn (default: " + LmData.DEFAULT_CHARS
            + " of the shared data for characters, the JDK's src.zip for words).")
    Path textFile;

    @Option(names = "--level", defaultValue = "char", description = "char or word: what one token is (default: ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--vocab", defaultValue = "10000", description = "Word level: the most frequent words kept, <unk> and <eos> included (default: ${DEFAULT-VALUE}).")
    int vocabSize;

    @Option(names = "--hidden", defaultValue = "256", description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--embed", defaultValue = "64", description = "Token embedding size (default: ${DEFAULT-VALUE}).")
    int embed;

    @Option(names = "--layers", defaultValue = "2", description = "Recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout on the embeddings, between layers and before the output "
            + "layer, in training (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--cell", defaultValue = "lstm", description = "lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--batch", defaultValue = "32", description = "Parallel streams per iteration (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "100", description = "Tokens per stream per iteration (back-propagation length) (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--clip", defaultValue = "5", description = "Largest gradient norm; 0: no clipping (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--iters", defaultValue = "2000", description = "Iteration to stop at, counting those of a resumed run (default: ${DEFAULT-VALUE}).")
    long iters;

    @Option(names = "--eval-every", defaultValue = "200", description = "Validate and save every N iterations (default: ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(names = "--eval-tokens", defaultValue = "200000", description = "Validate on at most the first N validation tokens, so that "
            + "periodic validation stays quick on a large corpus; 'lm eval' measures them all (default: ${DEFAULT-VALUE}).")
    int evalTokens;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed of the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, defaultValue = "nabla-demo/lm.safetensors", description = "Model file, written atomically (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Continue from the model in -o when it exists: its architecture, vocabulary, batch, "
            + "seq, lr and clip win over the options, and its Adam state, position in the text and loss history carry on.")
    boolean resume;

    @Option(names = "--plot", paramLabel = "FILE", defaultValue = "nabla-demo/lm-loss.png", description = "PNG or SVG of the train and validation loss (default: ${DEFAULT-VALUE}).")
    Path plot;

    /** The last validation loss and iteration, for tests. */
    double validationLoss;
    long iteration;

    @Override
    public Integer call() throws Exception {
        if (iters <= 0 || evalEvery <= 0) throw new IllegalArgumentException("lm train: --iters and --eval-every must be > 0");
        boolean resuming = resume && Files.exists(out);
        RnnLMFile.Loaded saved = resuming ? RnnLMFile.load(out) : null;
        if (resuming) {
            if (saved.step() >= iters)
                throw new IllegalArgumentException("lm train: " + out + " has already done " + saved.step() + " iterations; ask for more with --iters");
            restoreOptions(saved.extra());
        }
        LmData data = resuming ? LmData.read(textFile, LmData.level(saved.vocab()), saved.vocab(), 0, "lm train")
                : LmData.read(textFile, parseLevel(), null, vocabSize, "lm train");
        TokenVocab vocab = data.vocab();
        RnnLM model = resuming ? saved.model() : new RnnLM(new RnnLM.Config(vocab.size(), embed, hidden, layers, parseCell(), dropout), new Generator(seed));
        if (evalTokens < 2) throw new IllegalArgumentException("lm train: --eval-tokens must be at least 2, got " + evalTokens);
        int[] train = data.train(), all = data.validation();
        int[] validation = all.length > evalTokens ? java.util.Arrays.copyOf(all, evalTokens) : all;
        RnnLMTrainer trainer;
        try {
            trainer = new RnnLMTrainer(model, train, batch, seq, lr, clip);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lm train: " + data.source() + ": " + e.getMessage() + "; lower --batch or --seq", e);
        }
        LossHistory history = resuming ? LossHistory.fromExtras(saved.extra(), "history") : new LossHistory();
        if (resuming) {
            RnnLMFile.resume(out, trainer);
            System.out.printf(Locale.ROOT, "resumed from %s at iteration %d%n", out, trainer.iteration());
        }
        String unit = vocab.unit();
        RnnLM.Config c = model.config;
        System.out.printf(Locale.ROOT, "%s: %,d %ss for training, %,d for validation%s, %,d distinct%n", data.source(), train.length,
                unit, all.length, validation.length < all.length ? String.format(Locale.ROOT, " (the first %,d of them validated during training)", validation.length) : "", vocab.size());
        System.out.printf(Locale.ROOT, "%s %d×%d (embedding %d%s), %,d parameters; batch %d × %d steps, Adam lr %.3g, clip %.3g%n",
                c.cell(), c.layers(), c.hidden(), c.embed(), c.dropout() > 0 ? ", dropout " + c.dropout() : "", model.numParameters(), batch, seq, lr, clip);
        iteration = trainer.iteration();
        while (iteration < iters) {
            long end = Math.min(iters, (iteration / evalEvery + 1) * evalEvery);
            long t0 = System.nanoTime();
            double sum = 0;
            try (Progress bar = new Progress("iterations " + (iteration + 1) + "-" + end + " of " + iters, end - iteration, "it")) {
                for (long i = iteration; i < end; i++) {
                    double loss = trainer.step();
                    sum += loss;
                    history.train(i + 1, loss);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    bar.set("loss", "%.4f", loss).set("tokens/s", "%,.0f", (i + 1 - iteration) * (double) batch * seq / secs).step();
                }
            }
            double mean = sum / (end - iteration);
            iteration = end;
            validationLoss = RnnLMTrainer.evaluate(model, validation, EVAL_CHUNK);
            history.validation(iteration, validationLoss);
            RnnLMFile.save(out, model, vocab, iteration, trainer, extras(history));
            System.out.printf(Locale.ROOT, "iteration %d: train loss %.4f, validation loss %.4f, perplexity %.3f; saved %s%n",
                    iteration, mean, validationLoss, Math.exp(validationLoss), out);
        }
        history.plot("Language model: cross-entropy (nats per " + unit + ")", "iteration", plot);
        System.out.println("plot: " + plot + "; try: nabla lm sample -m " + out);
        return 0;
    }

    private LmData.Level parseLevel() {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "char" -> LmData.Level.CHAR;
            case "word" -> LmData.Level.WORD;
            default -> throw new IllegalArgumentException("lm train: --level is char or word, not '" + level + "'");
        };
    }

    private RnnLM.Cell parseCell() {
        return switch (cell.toLowerCase(Locale.ROOT)) {
            case "lstm" -> RnnLM.Cell.LSTM;
            case "gru" -> RnnLM.Cell.GRU;
            default -> throw new IllegalArgumentException("lm train: --cell is lstm or gru, not '" + cell + "'");
        };
    }

    /** The training options and the loss history, saved with the model so that --resume continues the same run. */
    private Map<String, Object> extras(LossHistory history) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("options", Map.of("batch", batch, "seq", seq, "lr", lr, "clip", clip));
        e.put("history", history.toExtra());
        return e;
    }

    private void restoreOptions(Map<String, Object> extra) {
        if (!(extra.get("options") instanceof Map<?, ?> o)) return; // a model file from before resumable training
        batch = ((Number) o.get("batch")).intValue();
        seq = ((Number) o.get("seq")).intValue();
        lr = ((Number) o.get("lr")).doubleValue();
        clip = ((Number) o.get("clip")).doubleValue();
    }

}
