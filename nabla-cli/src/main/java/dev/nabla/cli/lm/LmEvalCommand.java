package dev.nabla.cli.lm;

import dev.nabla.models.RnnLMFile;
import dev.nabla.models.RnnLMTrainer;
import dev.nabla.text.NGramModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Measures a trained language model on held-out text, optionally beside a Kneser–Ney n-gram baseline. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Validation loss (nats per token) and perplexity of a model from 'nabla lm train' on the last 10%% of a",
                "text (the part training does not see; default text: the one the model's level defaults to).",
                "--ngram N also trains an order-N modified Kneser-Ney model on the first 90%% and gives its perplexity."})
final class LmEvalCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "Model file (safetensors) from 'nabla lm train'.")
    Path model;

    @Option(names = "--text", paramLabel = "PATH", description = "Text to measure on (default: as 'lm train').")
    Path textFile;

    @Option(names = "--whole", description = "Evaluate on the whole text instead of its last 10%%.")
    boolean whole;

    @Option(names = "--ngram", paramLabel = "N", description = "Also report an order-N Kneser-Ney baseline trained on the same split.")
    Integer ngram;

    /** The measured losses, for tests (baseline: NaN without --ngram). */
    double loss, baselineLoss = Double.NaN;

    @Override
    public Integer call() throws Exception {
        if (ngram != null && ngram < 1) throw new IllegalArgumentException("lm eval: --ngram must be at least 1, got " + ngram);
        RnnLMFile.Loaded m = RnnLMFile.load(model);
        LmData data = LmData.read(textFile, LmData.level(m.vocab()), m.vocab(), 0, "lm eval");
        int[] ids = whole ? data.ids() : data.validation();
        String unit = m.vocab().unit();
        loss = RnnLMTrainer.evaluate(m.model(), ids, LmTrainCommand.EVAL_CHUNK);
        System.out.printf(Locale.ROOT, "%s on %,d %ss of %s: loss %.4f nats/%s, perplexity %.3f%n",
                model, ids.length, unit, data.source(), loss, unit, Math.exp(loss));
        if (ngram != null) {
            NGramModel baseline = NGramModel.train(data.train(), m.vocab().size(), ngram);
            double perplexity = baseline.perplexity(ids);
            baselineLoss = Math.log(perplexity);
            System.out.printf(Locale.ROOT, "order-%d Kneser-Ney n-gram (trained on the first 90%%) on the same %ss: loss %.4f nats/%s, perplexity %.3f%n",
                    ngram, unit, baselineLoss, unit, perplexity);
        }
        return 0;
    }
}
