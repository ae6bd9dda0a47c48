package dev.nabla.cli.seq2seq;

import dev.nabla.models.seq2seq.NumberTask;
import dev.nabla.models.seq2seq.Seq2SeqFile;
import dev.nabla.models.seq2seq.Seq2SeqTrainer;
import dev.nabla.models.seq2seq.Seq2SeqTransformer;
import dev.nabla.tensor.Generator;
import dev.nabla.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Trains the number translator with teacher forcing and measures exact match on held-out numbers. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an encoder-decoder Transformer on numbers drawn on the fly (teacher forcing, causal and padding",
                "masks, label-smoothed cross-entropy, Adam beta2 0.98 eps 1e-9, warmup + inverse-square-root learning rate).",
                "Every --eval-every steps: exact match (greedy) on held-out numbers and a checkpoint written atomically;",
                "at the end: exact match of greedy and beam search on --test held-out numbers."})
final class Seq2SeqTrainCommand implements Callable<Integer> {
    @Option(names = "--direction", defaultValue = "words-to-digits", description = "words-to-digits or digits-to-words (default: ${DEFAULT-VALUE}).")
    String direction;

    @Option(names = "--d-model", defaultValue = "64", description = "Model width (default: ${DEFAULT-VALUE}).")
    int dModel;

    @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--layers", defaultValue = "2", description = "Encoder layers and decoder layers, each (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--ffn", defaultValue = "256", description = "Feed-forward width (default: ${DEFAULT-VALUE}).")
    int ffn;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout (default: ${DEFAULT-VALUE}; the data never repeats).")
    float dropout;

    @Option(names = "--batch", defaultValue = "64", description = "Numbers per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "9000", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "400", description = "Warmup steps of the learning rate (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--lr-factor", defaultValue = "1", description = "lr = factor * d_model^-0.5 * min(n^-0.5, n * warmup^-1.5) (default: ${DEFAULT-VALUE}).")
    double lrFactor;

    @Option(names = "--label-smoothing", defaultValue = "0.1", description = "Label smoothing (default: ${DEFAULT-VALUE}).")
    float labelSmoothing;

    @Option(names = "--eval-every", defaultValue = "1000", description = "Evaluate and save every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval", defaultValue = "200", description = "Held-out numbers of the periodic evaluation (default: ${DEFAULT-VALUE}).")
    int evalSize;

    @Option(names = "--test", defaultValue = "1000", description = "Held-out numbers of the final evaluation (default: ${DEFAULT-VALUE}).")
    int testSize;

    @Option(names = "--beam", defaultValue = "4", description = "Beam width of the final evaluation; 0: greedy only (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--alpha", defaultValue = "0.6", description = "Length penalty exponent of beam search (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights and of the training numbers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, defaultValue = "nabla-demo/seq2seq.safetensors", description = "Checkpoint, written atomically (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Continue the run saved in -o up to --steps: its model and training options win, and "
            + "its weights, Adam state, schedule and data stream carry on.")
    boolean resume;

    /** For tests: the final exact match of greedy and beam search (NaN when not measured). */
    double greedyExact = Double.NaN, beamExact = Double.NaN;

    /** The saved run's architecture and training options replace the command line's. */
    private void restoreOptions(Seq2SeqFile.Loaded saved) {
        Seq2SeqTransformer.Config c = saved.model().config;
        dModel = c.dModel();
        heads = c.nhead();
        layers = c.encoderLayers();
        ffn = c.ffn();
        dropout = c.dropout();
        if (saved.extra().get("options") instanceof Map<?, ?> o) {
            batch = ((Number) o.get("batch")).intValue();
            warmup = ((Number) o.get("warmup")).intValue();
            lrFactor = ((Number) o.get("lr_factor")).doubleValue();
            labelSmoothing = ((Number) o.get("label_smoothing")).floatValue();
            seed = ((Number) o.get("seed")).longValue();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (steps <= 0 || evalEvery <= 0 || batch <= 0 || evalSize <= 0 || testSize <= 0)
            throw new IllegalArgumentException("seq2seq train: --steps, --eval-every, --batch, --eval and --test must be > 0");
        Seq2SeqFile.Loaded saved = resume && Files.exists(out) ? Seq2SeqFile.load(out) : null;
        if (saved != null) restoreOptions(saved);
        NumberTask task = saved != null ? saved.task() : new NumberTask(NumberTask.Direction.parse(direction));
        var config = new Seq2SeqTransformer.Config(task.source.size(), task.target.size(), dModel, heads, layers, layers, ffn, dropout,
                NumberTask.MAX_TOKENS + 2);
        Seq2SeqTransformer model = saved != null ? saved.model() : new Seq2SeqTransformer(config, new Generator(seed));
        Seq2SeqTrainer trainer = new Seq2SeqTrainer(model, task, batch, lrFactor, warmup, labelSmoothing, new Generator(seed + 1));
        int start = 0;
        double trainSecs = 0;
        if (saved != null) {
            start = (int) Seq2SeqFile.resume(out, trainer);
            if (start >= steps) throw new IllegalArgumentException("seq2seq train: " + out + " has already done " + start + " steps; ask for more with --steps");
            trainSecs = ((Number) saved.extra().getOrDefault("train_seconds", 0.0)).doubleValue();
            System.out.printf(Locale.ROOT, "resumed from %s at step %d (%.0f s of training so far)%n", out, start, trainSecs);
        }
        long[] evalSet = NumberTask.heldOutNumbers(evalSize, 12_345), testSet = NumberTask.heldOutNumbers(testSize, 54_321);
        System.out.printf(Locale.ROOT, "%s: Transformer d_model %d, %d heads, %d+%d layers, ffn %d, %,d parameters; batch %d, %d steps, warmup %d, label smoothing %.2f%n",
                task.direction.label(), dModel, heads, layers, layers, ffn, model.numParameters(), batch, steps, warmup, labelSmoothing);
        long t0 = System.nanoTime(), tokens = 0;
        double sessionSecs = 0;
        for (int done = start; done < steps; ) {
            int end = Math.min(steps, (done / evalEvery + 1) * evalEvery);
            long t1 = System.nanoTime();
            double sum = 0;
            try (Progress bar = new Progress("steps " + (done + 1) + "-" + end + " of " + steps, end - done, "step")) {
                for (int i = done; i < end; i++) {
                    Seq2SeqTrainer.Stats s = trainer.step();
                    sum += s.loss();
                    tokens += s.tokens();
                    double secs = sessionSecs + (System.nanoTime() - t1) / 1e9;
                    bar.set("loss", "%.4f", s.loss()).set("tokens/s", "%,.0f", tokens / secs).set("lr", "%.2e", trainer.schedule.lastLr()[0]).step();
                }
            }
            sessionSecs += (System.nanoTime() - t1) / 1e9;
            trainSecs += (System.nanoTime() - t1) / 1e9;
            double mean = sum / (end - done);
            done = end;
            double exact = Seq2SeqTrainer.exactMatch(model, task, evalSet, 1, alpha);
            Map<String, Object> notes = new LinkedHashMap<>();
            notes.put("held_out_exact_greedy", exact);
            notes.put("train_seconds", trainSecs);
            notes.put("options", Map.of("batch", batch, "warmup", warmup, "lr_factor", lrFactor, "label_smoothing", (double) labelSmoothing, "seed", seed));
            Seq2SeqFile.save(out, trainer, done, notes);
            System.out.printf(Locale.ROOT, "step %d: train loss %.4f, held-out exact match (greedy, %d numbers) %.2f%%; %.0f s of training; saved %s%n",
                    done, mean, evalSize, 100 * exact, trainSecs, out);
        }
        long e0 = System.nanoTime();
        greedyExact = Seq2SeqTrainer.exactMatch(model, task, testSet, 1, alpha);
        double greedySecs = (System.nanoTime() - e0) / 1e9;
        System.out.printf(Locale.ROOT, "final: %d held-out numbers, exact match greedy %.2f%% (%.1f s)", testSize, 100 * greedyExact, greedySecs);
        if (beam > 1) {
            long b0 = System.nanoTime();
            beamExact = Seq2SeqTrainer.exactMatch(model, task, testSet, beam, alpha);
            System.out.printf(Locale.ROOT, ", beam %d (alpha %.2f) %.2f%% (%.1f s)", beam, alpha, 100 * beamExact, (System.nanoTime() - b0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "%ntraining: %d steps, %.0f s (%.1f min) of training in all; this session %d steps, %,d target tokens, %.0f s wall%n",
                steps, trainSecs, trainSecs / 60, steps - start, tokens, (System.nanoTime() - t0) / 1e9);
        System.out.println("try: nabla seq2seq translate -m " + out + " \"three hundred forty-two thousand seven\"");
        return 0;
    }
}
