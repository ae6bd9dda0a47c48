package dev.nabla.cli.bert;

import dev.nabla.cli.LossHistory;
import dev.nabla.io.Checkpoint;
import dev.nabla.models.bert.BertConfig;
import dev.nabla.models.bert.BertForMaskedLM;
import dev.nabla.models.bert.BertPretrainer;
import dev.nabla.models.bert.ElectraPretraining;
import dev.nabla.models.bert.PretrainingData;
import dev.nabla.models.bert.PretrainingText;
import dev.nabla.models.bert.WordPieceVectors;
import dev.nabla.text.Corpus;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.wordpiece.BasicTokenizer;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.WordPieceFiles;
import dev.nabla.text.wordpiece.WordPieceTrainer;
import dev.nabla.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Pretrains a BERT from scratch on a text (by default the Javadoc of the JDK's src.zip). */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pretrain a BERT from scratch, as Google's BERT: a WordPiece vocabulary learnt from the text (or --tokenizer); "
                + "sequences [CLS] A [SEP] B [SEP] of consecutive sentences of a document, where B is the true continuation or, half "
                + "the time, text of another document (next-sentence prediction; --no-nsp: [CLS] text [SEP], masked LM only); 15%% of "
                + "the tokens masked afresh in every batch (80%% [MASK], 10%% random, 10%% kept); AdamW with linear warmup and decay, "
                + "gradient clipping.",
                "The default text is the Javadoc of the JDK's src.zip, one document per source file. The files that the fine-tuning "
                + "task of 'nabla bert finetune' keeps for validation and test (of a text: every 20th document) are held out for the "
                + "validation MLM loss and masked-token accuracy.",
                "The model directory (config.json, model.safetensors, vocab.txt, tokenizer.json) loads in 'nabla bert fill-mask' "
                + "and in Hugging Face's BertForPreTraining; train.safetensors beside it lets --resume go on exactly."})
public final class BertPretrainCommand implements Callable<Integer> {
    @Option(names = "--text", paramLabel = "PATH", description = "A UTF-8 text file with one sentence a line and a blank line between documents, a directory of such files, "
            + "or a .zip/.jar of .java sources (their Javadoc) (default: the JDK's src.zip).")
    Path textPath;

    @Option(names = "--max-chars", defaultValue = "50000000",
            description = "Read documents up to this many characters (default: ${DEFAULT-VALUE}; the Javadoc of JDK 25 has 29 million).")
    long maxChars;

    @Option(names = "--vocab-size", defaultValue = "8192", description = "Tokens of the WordPiece vocabulary learnt from the training text (default: ${DEFAULT-VALUE}).")
    int vocabSize;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "Use this directory's vocab.txt or tokenizer.json instead of learning a vocabulary.")
    Path tokenizerDir;

    @Option(names = "--cased", description = "Keep case and accents in a learnt vocabulary (default: lower-cased, accents stripped, as bert-base-uncased).")
    boolean cased;

    @Option(names = "--layers", defaultValue = "4", description = "Encoder layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--hidden", defaultValue = "256", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--intermediate", defaultValue = "1024", description = "Feed-forward size (default: ${DEFAULT-VALUE}).")
    int intermediate;

    @Option(names = "--dropout", defaultValue = "0.1", description = "Dropout of hidden states and attention weights (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--initializer-range", defaultValue = "0.02", description = "Standard deviation of the initial weights (default: ${DEFAULT-VALUE}, BERT's).")
    float initializerRange;

    @Option(names = "--seq-len", defaultValue = "128", description = "Longest sequence in tokens, [CLS] and [SEP] included (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--batch", defaultValue = "16", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--nsp", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Next-sentence prediction besides the masked LM; --no-nsp: masked LM only (default: ${DEFAULT-VALUE}).")
    boolean nsp;

    @Option(names = "--electra", description = "Pretrain as ELECTRA instead (replaced-token detection): a small generator (a masked LM "
            + "sharing the embeddings) fills the masked positions with its own samples, and the BERT learns to tell, for every token, "
            + "whether it was replaced; loss: the generator's MLM + 50 × the BERT's. Implies --no-nsp. -o then holds the BERT to "
            + "fine-tune, and -o/generator the generator (a masked LM for fill-mask).")
    boolean electra;

    @Option(names = "--generator-layers", defaultValue = "1", description = "Layers of ELECTRA's generator, of the BERT's width (default: ${DEFAULT-VALUE}).")
    int generatorLayers;

    @Option(names = "--document-contrast", defaultValue = "0", paramLabel = "W",
            description = "With --no-nsp, also learn sentence vectors from which sentences share a document: each batch is then pairs of "
                    + "sentences of one document, and W times an in-batch contrastive loss (the mean-pooled vectors of a pair closer in cosine "
                    + "than those of other documents; InfoNCE, temperature 0.05) joins the masked LM's; 0: off (default: ${DEFAULT-VALUE}).")
    double documentContrast;

    @Option(names = "--steps", defaultValue = "2000", description = "Optimizer steps; the learning rate decays to 0 here (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--minutes", description = "Stop (and save) after this many minutes of training even before --steps.")
    Double minutes;

    @Option(names = "--lr", defaultValue = "5e-4", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup", defaultValue = "100", description = "Steps of linear warmup from 0 (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay of the ≥2-D weights (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", description = "Largest gradient norm; 0: none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--eval-every", defaultValue = "200", description = "Evaluate on the held-out documents, and save, every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-batches", defaultValue = "10", description = "Batches per evaluation (default: ${DEFAULT-VALUE}).")
    int evalBatches;

    @Option(names = "--word2vec-init", description = "Start the word embeddings from Word2Vec (CBOW) vectors of the WordPiece tokens of the training text, "
            + "trained first on one thread, so that the run stays reproducible from its seed (about a minute on the Javadoc), instead of from noise.")
    boolean word2vecInit;

    @Option(names = "--sinusoidal-positions", description = "Start the position embeddings from the sinusoids of \"Attention is all you need\" "
            + "(scaled to the initialiser's std) instead of from noise, so that nearby positions start alike.")
    boolean sinusoidalPositions;

    @Option(names = "--init", paramLabel = "DIR", description = "Continue pretraining a saved BERT (config.json, model.safetensors and its tokenizer in DIR) "
            + "on --text, with a fresh schedule, instead of starting from random weights: for example on a task's own training texts "
            + "before fine-tuning (task-adaptive pretraining). Its config wins over the size options.")
    Path init;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights, dropout, batches and masks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, defaultValue = "nabla-demo/bert", description = "Model directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Continue the run saved in -o: its model, tokenizer, text and options win; --minutes still applies.")
    boolean resume;

    @Option(names = "--plot", description = "PNG or SVG of the training and validation masked-LM losses (default: beside the model directory, "
            + "its name with -loss.png: nabla-demo/bert-loss.png).")
    Path plot;

    @Option(names = "--example", defaultValue = "Returns the [MASK] of elements in this list.",
            description = "A text with [MASK] that the model fills in at the end; empty: none (default: '${DEFAULT-VALUE}').")
    String example;

    /** The last validation evaluation, for tests. */
    BertPretrainer.Evaluation validation;

    private static final String STATE = "train.safetensors";

    @Override
    public Integer call() throws Exception {
        if (evalEvery <= 0 || evalBatches <= 0)
            throw new IllegalArgumentException("bert pretrain: --eval-every and --eval-batches must be > 0, got " + evalEvery + " and " + evalBatches);
        if (electra && generatorLayers < 1)
            throw new IllegalArgumentException("bert pretrain: --generator-layers must be >= 1, got " + generatorLayers);
        if (documentContrast > 0 && (nsp || electra))
            throw new IllegalArgumentException("bert pretrain: --document-contrast goes with the masked LM alone: add --no-nsp, drop --electra");
        if (init != null && electra)
            throw new IllegalArgumentException("bert pretrain: --init continues a masked-LM pretraining; it does not go with --electra");
        if (init != null && (word2vecInit || tokenizerDir != null))
            throw new IllegalArgumentException("bert pretrain: --init brings its own weights and tokenizer; drop --word2vec-init and --tokenizer");
        Path state = out.resolve(STATE);
        boolean resuming = resume && Files.exists(state);
        if (resume && !resuming) System.out.println("no " + state + " to resume: starting afresh");
        Map<?, ?> saved = resuming ? savedRun(state) : Map.of();
        BertPretrainer.Config config = resuming ? BertPretrainer.Config.fromMap((Map<?, ?>) saved.get("config"))
                : new BertPretrainer.Config(batch, seqLen, nsp && !electra, lr, warmup, steps, weightDecay, clip, seed, electra ? generatorLayers : 0,
                        documentContrast);
        Path text = resuming ? (saved.get("text") instanceof String s && !s.isEmpty() ? Path.of(s) : null) : textPath;
        long chars = resuming ? ((Number) saved.get("max_chars")).longValue() : maxChars;
        Path source = text != null ? text : Corpus.jdkSources(w -> System.err.println("bert pretrain: " + w));
        long t0 = System.nanoTime();
        PretrainingText.Split split = PretrainingText.read(source, chars);
        System.out.printf(Locale.ROOT, "text: %s, %,d documents (%,d held out for validation) (%.1fs)%n", source,
                split.documents(), split.validation().size(), (System.nanoTime() - t0) / 1e9);
        BertTokenizer tok = resuming ? WordPieceFiles.load(out) : init != null ? WordPieceFiles.load(init) : tokenizer(split.train());
        PretrainingData train = PretrainingData.encode(split.train(), tok), val = PretrainingData.encode(split.validation(), tok);
        System.out.printf(Locale.ROOT, "%,d training tokens, %,d validation tokens; vocabulary %,d%n", train.tokens(), val.tokens(), tok.size());
        BertConfig model = resuming ? BertConfig.read(out.resolve("config.json")) : init != null ? BertConfig.read(init.resolve("config.json"))
                : BertConfig.of(tok.size(), layers, hidden, heads, intermediate).withDropout(dropout).withMaxPositions(Math.max(512, config.seqLen()))
                        .withInitializerRange(initializerRange);
        BertPretrainer trainer = new BertPretrainer(model, tok, train, config);
        if (init != null && !resuming) {
            List<String> fresh = trainer.initFrom(init);
            System.out.println("weights from " + init + (fresh.isEmpty() ? "" : "; freshly initialised: " + String.join(", ", fresh)));
        }
        if (word2vecInit && !resuming) {
            long t2 = System.nanoTime();
            KeyedVectors vectors = WordPieceVectors.train(tok, train, model.hiddenSize(), 1, config.seed());
            int set = WordPieceVectors.copyInto(vectors, tok, trainer.wordEmbeddings(), model.initializerRange());
            System.out.printf(Locale.ROOT, "word embeddings: Word2Vec CBOW vectors for %,d of %,d tokens (%.1fs)%n", set, tok.size(), (System.nanoTime() - t2) / 1e9);
        }
        if (sinusoidalPositions && !resuming) {
            trainer.sinusoidalPositions();
            System.out.println("position embeddings: sinusoids scaled to std " + model.initializerRange());
        }
        LossHistory history = new LossHistory();
        if (resuming) {
            history = LossHistory.fromExtras(trainer.resume(state), "history");
            System.out.printf(Locale.ROOT, "resuming %s at step %d%n", out, trainer.iteration());
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("config", config.toMap());
        run.put("text", text == null ? "" : text.toString());
        run.put("max_chars", chars);
        System.out.printf(Locale.ROOT, "BERT %d layers × %d heads, hidden %d, FFN %d, %,d parameters; %s; batch %d × %d, AdamW lr %.3g over %d steps (warmup %d)%n",
                model.numHiddenLayers(), model.numAttentionHeads(), model.hiddenSize(), model.intermediateSize(), trainer.model().numParameters(),
                objective(config), config.batch(), config.seqLen(), config.lr(), config.maxSteps(), config.warmup());
        long start = System.nanoTime();
        boolean outOfTime = false;
        while (trainer.iteration() < config.maxSteps() && !outOfTime) {
            long from = trainer.iteration(), end = Math.min(config.maxSteps(), (from / evalEvery + 1) * evalEvery), tokens = 0;
            long t1 = System.nanoTime();
            try (Progress bar = new Progress("steps " + (from + 1) + "-" + end + " of " + config.maxSteps(), end - from, "step")) {
                while (trainer.iteration() < end) {
                    BertPretrainer.StepLoss loss = trainer.step();
                    tokens += trainer.lastTokens();
                    history.train(trainer.iteration(), loss.mlm());
                    bar.set("mlm", "%.3f", loss.mlm());
                    if (config.nsp()) bar.set("nsp", "%.3f", loss.nsp());
                    if (config.electra()) bar.set("rtd", "%.3f", loss.rtd());
                    if (config.contrasts()) bar.set("contrast", "%.3f", loss.contrast());
                    bar.set("tokens/s", "%,.0f", tokens / ((System.nanoTime() - t1) / 1e9)).step();
                    if (minutes != null && trainer.iteration() < config.maxSteps() && System.nanoTime() - start > minutes * 60e9) {
                        outOfTime = true;
                        break;
                    }
                }
            }
            double secs = (System.nanoTime() - t1) / 1e9;
            validation = trainer.evaluate(val, evalBatches, config.seed() + 2);
            history.validation(trainer.iteration(), validation.mlmLoss());
            trainer.saveModel(out);
            run.put("history", history.toExtra());
            trainer.save(state, run);
            System.out.printf(Locale.ROOT, "step %d: validation %sMLM loss %.4f, masked-token accuracy %.1f%%%s%s%s; %.2f steps/s; saved %s%s%n",
                    trainer.iteration(), config.electra() ? "generator's " : "", validation.mlmLoss(), 100 * validation.mlmAccuracy(),
                    config.nsp() ? String.format(Locale.ROOT, ", NSP accuracy %.1f%%", 100 * validation.nspAccuracy()) : "",
                    config.electra() ? String.format(Locale.ROOT, ", replaced-token detection accuracy %.1f%% (%.1f%% of the tokens replaced)",
                            100 * validation.rtdAccuracy(), 100 * validation.replaced()) : "",
                    config.contrasts() ? String.format(Locale.ROOT, ", sentences whose nearest in the batch shares their document %.1f%%",
                            100 * validation.partnerAccuracy()) : "",
                    (trainer.iteration() - from) / secs, out, outOfTime ? " (--minutes reached)" : "");
        }
        Path png = plot != null ? plot : out.resolveSibling(out.getFileName() + "-loss.png");
        history.plot(config.electra() ? "ELECTRA pretraining: the generator's masked-LM cross-entropy (nats per masked token)"
                : "BERT pretraining: masked-LM cross-entropy (nats per masked token)", "step", png);
        System.out.println("plot: " + png);
        if (!example.isEmpty()) {
            Path lm = config.electra() ? ElectraPretraining.generatorDir(out) : out;
            System.out.println("---- nabla bert fill-mask --model " + lm + " \"" + example + "\"");
            BertFillMaskCommand.print(BertForMaskedLM.fromPretrained(lm), tok, example, 5);
        }
        return 0;
    }

    private static String objective(BertPretrainer.Config c) {
        if (c.electra()) return "ELECTRA replaced-token detection, generator of " + c.generatorLayers() + " layer(s)";
        if (c.nsp()) return "masked LM + next-sentence prediction";
        return c.contrasts() ? "masked LM + " + c.documentContrast() + " × document contrast on pairs of sentences" : "masked LM only";
    }

    private BertTokenizer tokenizer(List<List<String>> documents) throws IOException {
        if (tokenizerDir != null) return WordPieceFiles.load(tokenizerDir);
        long t0 = System.nanoTime();
        StringBuilder sb = new StringBuilder();
        for (List<String> d : documents) for (String s : d) sb.append(s).append('\n');
        BertTokenizer tok = WordPieceTrainer.train(sb.toString(), vocabSize, 2, cased ? BasicTokenizer.Options.CASED : BasicTokenizer.Options.UNCASED, true);
        System.out.printf(Locale.ROOT, "WordPiece vocabulary of %,d tokens learnt from the training documents (%.1fs)%n", tok.size(), (System.nanoTime() - t0) / 1e9);
        return tok;
    }

    private static Map<?, ?> savedRun(Path state) throws IOException {
        if (Checkpoint.read(state).meta().get("extra") instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> && m.get("max_chars") instanceof Number)
            return m;
        throw new IOException(state + ": not a checkpoint of 'nabla bert pretrain' (no saved options)");
    }
}
