package dev.nabla.cli.bert;

import dev.nabla.models.bert.BertForMaskedLM;
import dev.nabla.models.bert.FillMask;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.WordPieceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The most probable tokens for each [MASK] of a text, as Hugging Face's fill-mask pipeline. */
@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        description = {"Show the --top-k most probable tokens, with their probabilities, for each [MASK] of a text, from a BERT "
                + "with its masked-LM head: a directory of 'nabla bert pretrain' or a Hugging Face BertForMaskedLM or "
                + "BertForPreTraining (config.json, model.safetensors, vocab.txt or tokenizer.json)."})
public final class BertFillMaskCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "The model directory.")
    Path model;

    @Option(names = {"-k", "--top-k"}, defaultValue = "5", description = "Predictions per [MASK] (default: ${DEFAULT-VALUE}).")
    int topK;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts with at least one [MASK] each, e.g. \"Returns the [MASK] of this list.\"")
    List<String> texts;

    @Override
    public Integer call() throws Exception {
        BertForMaskedLM m = BertForMaskedLM.fromPretrained(model);
        BertTokenizer tok = WordPieceFiles.load(model);
        for (String text : texts) print(m, tok, text, topK);
        return 0;
    }

    /** Prints text, then for each [MASK] its predictions: rank, token, probability. */
    static void print(BertForMaskedLM m, BertTokenizer tok, String text, int topK) {
        List<List<FillMask.Prediction>> all = FillMask.predict(m, tok, text, topK);
        System.out.println(text);
        for (int i = 0; i < all.size(); i++) {
            System.out.printf(Locale.ROOT, "  %s #%d:", tok.maskToken(), i + 1);
            for (FillMask.Prediction p : all.get(i)) System.out.printf(Locale.ROOT, "  %s %.3f", p.token(), p.probability());
            System.out.println();
        }
    }
}
