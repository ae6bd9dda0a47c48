package dev.nabla.cli.lm;

import dev.nabla.models.CharLMFile;
import dev.nabla.models.CharLMTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Measures a trained character model on held-out text. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Validation loss (nats per character) and perplexity of a model from 'nabla lm train' on the last 10%%",
                "of a text (the part training does not see; default text: Tiny Shakespeare from the shared data)."})
final class LmEvalCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE", description = "Model file (safetensors) from 'nabla lm train'.")
    Path model;

    @Option(names = "--text", paramLabel = "FILE", description = "UTF-8 text (default: " + LmText.DEFAULT + " of the shared data).")
    Path textFile;

    @Option(names = "--whole", description = "Evaluate on the whole text instead of its last 10%%.")
    boolean whole;

    /** The measured loss, for tests. */
    double loss;

    @Override
    public Integer call() throws Exception {
        CharLMFile.Loaded m = CharLMFile.load(model);
        LmText t = LmText.read(textFile, "lm eval");
        int[] ids = LmTrainCommand.encode(m.vocab(), t, whole ? 0 : t.split(), t.text().length());
        loss = CharLMTrainer.evaluate(m.model(), ids, LmTrainCommand.EVAL_CHUNK);
        System.out.printf(Locale.ROOT, "%s on %,d characters of %s: loss %.4f nats/char, perplexity %.3f%n",
                model, ids.length, t.file(), loss, Math.exp(loss));
        return 0;
    }
}
