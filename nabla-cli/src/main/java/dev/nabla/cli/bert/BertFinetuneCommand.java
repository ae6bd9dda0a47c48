package dev.nabla.cli.bert;

import dev.nabla.models.bert.BertClassifierTrainer;
import dev.nabla.models.bert.BertConfig;
import dev.nabla.models.bert.BertFiles;
import dev.nabla.models.bert.BertForSequenceClassification;
import dev.nabla.models.bert.UnlabeledTexts;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.Corpus;
import dev.nabla.text.tasks.BagOfWordsClassifier;
import dev.nabla.text.tasks.ConfusionMatrix;
import dev.nabla.text.tasks.JavadocPackageTask;
import dev.nabla.text.tasks.LabeledText;
import dev.nabla.text.tasks.TextClassificationData;
import dev.nabla.text.wordpiece.BasicTokenizer;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.WordPieceFiles;
import dev.nabla.text.wordpiece.WordPieceTrainer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Fine-tunes a BERT for text classification and compares it with the bag-of-words baseline on the same test split. */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune BERT for text classification: a classifier on the pooled text (--pooling), AdamW with linear warmup and decay,",
                "batches padded to their longest text; after each epoch the validation accuracy and macro-F1; the weights of the",
                "best validation epoch are kept (early stopping after --patience epochs without improvement), then measured on",
                "the test split beside the bag-of-words tf-idf logistic-regression baseline trained on the same split.",
                "Start from a pretrained BERT directory (--model; its classifier starts fresh) or from random weights (--scratch).",
                "The task is the Javadoc one (which package group a JDK Javadoc sentence comes from) or a TSV (--data).",
                "The result is saved with its tokenizer and id2label as a Hugging Face BertForSequenceClassification directory."})
public final class BertFinetuneCommand implements Callable<Integer> {
    static final class Start {
        @Option(names = {"-m", "--model"}, paramLabel = "DIR", required = true,
                description = "Pretrained BERT directory: config.json, model.safetensors, vocab.txt or tokenizer.json.")
        Path model;

        @Option(names = "--scratch", paramLabel = "tiny|small|base", required = true,
                description = "Random weights of this size instead (small: L 4, H 256, A 4), for comparison with pretraining.")
        String scratch;
    }

    @ArgGroup(multiplicity = "1")
    Start start;

    @Option(names = "--tokenizer", paramLabel = "PATH",
            description = "With --scratch: a vocab.txt or a tokenizer directory (default: a WordPiece vocabulary of --vocab-size learnt from the train split).")
    Path tokenizerPath;

    @Option(names = "--vocab-size", defaultValue = "8000", description = "With --scratch and no --tokenizer: tokens of the learnt vocabulary (default: ${DEFAULT-VALUE}).")
    int vocabSize;

    @Option(names = "--task", defaultValue = "javadoc", paramLabel = "javadoc",
            description = "The built-in task: javadoc, built from --sources (default: ${DEFAULT-VALUE}); ignored with --data.")
    String task;

    @Option(names = "--sources", paramLabel = "PATH", description = "src.zip or a directory of .java files for --task javadoc (default: this JDK's src.zip).")
    Path sources;

    @Option(names = "--max-per-class", defaultValue = "" + JavadocPackageTask.DEFAULT_MAX_PER_CLASS,
            description = "For --task javadoc: sentences kept per package group before the split, the same share in every split; 0: all "
                    + "(default: ${DEFAULT-VALUE}; the JDK has 4,000 to 21,000 per group).")
    int maxPerClass;

    @Option(names = "--data", paramLabel = "TSV", description = "A task file written by TextClassificationData.save (split, label, label_name, file, text).")
    Path data;

    @Option(names = "--epochs", defaultValue = "3", description = "Most epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many optimizer steps; 0: no limit (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--batch", defaultValue = "32", description = "Texts per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--max-len", defaultValue = "128", description = "Tokens per text with [CLS] and [SEP]; longer texts are truncated (default: ${DEFAULT-VALUE}).")
    int maxLen;

    @Option(names = "--lr", defaultValue = "5e-5", description = "Peak learning rate; 2e-5 to 5e-5 suit pretrained models, more from scratch (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup-ratio", defaultValue = "0.1", description = "Fraction of the steps of linear warmup (default: ${DEFAULT-VALUE}).")
    double warmupRatio;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay of the ≥2-D weights (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--layer-decay", defaultValue = "1", description = "Layer-wise learning-rate decay ξ: the classifier learns at --lr, "
            + "the top encoder layer at ξ·lr, each lower layer ξ times slower, the embeddings slowest; 1: every layer alike (default: ${DEFAULT-VALUE}).")
    double layerDecay;

    @Option(names = "--clip", defaultValue = "1.0", description = "Largest gradient norm; 0: none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--patience", defaultValue = "2", description = "Stop after this many epochs without a better validation accuracy (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--dropout", description = "Dropout of hidden states, attention and classifier (default: the config's, 0.1 for BERT).")
    Float dropout;

    @Option(names = "--pooling", defaultValue = "mean", paramLabel = "mean|cls",
            description = "What the classifier reads: the mean of the token states, or the pooler on [CLS] as Hugging Face's "
                    + "BertForSequenceClassification (its pooler is trained by next-sentence prediction; a BERT pretrained for "
                    + "minutes has no useful [CLS] yet) (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the fresh weights, dropout and batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--restarts", defaultValue = "1",
            description = "Fine-tune this many times from the same pretrained weights, with seeds --seed, --seed+1, ... (fresh classifier, "
                    + "dropout and batch order), and keep the run with the best validation accuracy, as the BERT paper did on small "
                    + "tasks; the test split is measured once, on the kept run (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--teacher", paramLabel = "DIR",
            description = "Knowledge distillation: a fine-tuned BERT classifier directory (this command's output) whose probabilities at "
                    + "--temperature on each train text the model also learns from; repeat for several teachers (their probabilities are "
                    + "averaged), for example earlier restarts with other seeds.")
    List<Path> teachers = List.of();

    @Option(names = "--baseline-teacher", defaultValue = "0", paramLabel = "W",
            description = "Knowledge distillation from the bag-of-words baseline too: its probabilities at --temperature make this share "
                    + "of the soft targets (the --teacher models share the rest; with no --teacher it is the only teacher). On the train "
                    + "split they are cross-fitted (" + BASELINE_FOLDS + " folds of the train files, each scored by a baseline trained "
                    + "on the others), since the baseline repeats the labels of texts it learnt; 0: no (default: ${DEFAULT-VALUE}).")
    double baselineTeacher;

    @Option(names = "--unlabeled", paramLabel = "PATH", arity = "0..1", fallbackValue = "",
            description = "With --teacher or --baseline-teacher: distil on unlabeled sentences too (self-training on a transfer set): up "
                    + "to --unlabeled-max sentences of at least " + JavadocPackageTask.DEFAULT_MIN_WORDS + " words from the training documents of PATH "
                    + "(as 'bert pretrain --text' reads them: a source zip's Javadoc without the files the Javadoc task holds out, or a "
                    + "text in pretraining format without every 20th document; no PATH: this JDK's src.zip), none a text of the task. "
                    + "The teachers label them, and they join the train split with the teachers' top class as the label.")
    String unlabeled;

    @Option(names = "--unlabeled-max", defaultValue = "30000", description = "With --unlabeled: most sentences, drawn with --seed (default: ${DEFAULT-VALUE}).")
    int unlabeledMax;

    @Option(names = "--unlabeled-per-class", defaultValue = "0", paramLabel = "K",
            description = "With --unlabeled: of the labelled sentences keep, for each class, the K that the teachers are surest of "
                    + "(self-training's in-domain selection, so that sentences of other topics stay out); 0: keep them all (default: ${DEFAULT-VALUE}).")
    int unlabeledPerClass;

    @Option(names = "--distill-alpha", defaultValue = "0.5",
            description = "With --teacher or --baseline-teacher: the weight α of the teachers' soft targets; the true labels weigh 1 − α "
                    + "(default: ${DEFAULT-VALUE}).")
    double distillAlpha;

    @Option(names = "--temperature", defaultValue = "2",
            description = "With --teacher or --baseline-teacher: the softmax temperature T of teachers and student in the soft term, "
                    + "scaled by T² (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--no-baseline", description = "Skip the bag-of-words baseline.")
    boolean noBaseline;

    @Option(names = "--no-progress", description = "No progress bars.")
    boolean noProgress;

    @Option(names = {"-o", "--out"}, defaultValue = "nabla-demo/bert-finetuned", description = "Directory for the fine-tuned model (default: ${DEFAULT-VALUE}).")
    Path out;

    private static final int BASELINE_FOLDS = 5;

    /** For tests: the test metrics of BERT and of the baseline (null when skipped), and the seed of the kept restart. */
    ConfusionMatrix test, baseline;
    long keptSeed;

    @Override
    public Integer call() throws Exception {
        if (restarts < 1) throw new IllegalArgumentException("bert finetune: --restarts must be at least 1, got " + restarts);
        TextClassificationData d = readData();
        System.out.print(d.sizeTable());
        BertTokenizer tok = start.model != null ? WordPieceFiles.load(start.model) : scratchTokenizer(d);
        if (restarts > 1 && d.validation().isEmpty())
            throw new IllegalArgumentException("bert finetune: --restarts chooses by validation accuracy, but the validation split is empty");
        Teaching teaching = teaching(d);
        BertForSequenceClassification model = null;
        double bestAccuracy = -1;
        for (int r = 0; r < restarts; r++) {
            long s = seed + r;
            BertForSequenceClassification m = newModel(tok, s, r == 0);
            var cfg = new BertClassifierTrainer.Config(epochs, batch, maxLen, lr, warmupRatio, weightDecay, clip, patience, maxSteps, s, layerDecay);
            if (r == 0)
                System.out.printf(Locale.ROOT, "fine-tuning: %d epochs%s of %d texts, batch %d, max length %d, AdamW lr %.2g%s, warmup %.0f%%, dropout %.2f, %s pooling%s%n",
                        epochs, maxSteps > 0 ? " (at most " + maxSteps + " steps)" : "", teaching.train().size(), batch, maxLen, lr,
                        layerDecay < 1 ? String.format(Locale.ROOT, " (layer decay %.2f)", layerDecay) : "", 100 * warmupRatio,
                        m.config.hiddenDropoutProb(), m.config.classifierPooling(),
                        restarts > 1 ? String.format(Locale.ROOT, "; %d restarts (seeds %d-%d), the best on validation kept", restarts, seed, seed + restarts - 1) : "");
            if (restarts > 1) System.out.printf(Locale.ROOT, "restart %d of %d (seed %d)%n", r + 1, restarts, s);
            long t0 = System.nanoTime();
            var result = new BertClassifierTrainer(m, tok, cfg).fit(teaching.train(), d.validation(), teaching.distillation(), !noProgress, e -> System.out.println(e.summary()));
            double secs = (System.nanoTime() - t0) / 1e9;
            long steps = result.epochs().getLast().steps();
            System.out.printf(Locale.ROOT, "%d steps in %.1f s with validation (%.2f steps/s); kept the weights of epoch %d%n",
                    steps, secs, steps / secs, result.bestEpoch());
            double accuracy = result.best().validation() == null ? 0 : result.best().validation().accuracy();
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                model = m;
                keptSeed = s;
            }
        }
        if (restarts > 1)
            System.out.printf(Locale.ROOT, "kept the restart of seed %d (validation accuracy %.2f%%)%n", keptSeed, 100 * bestAccuracy);
        test = BertClassifierTrainer.evaluate(model, tok, d.test(), maxLen, batch);
        System.out.println("BERT test:         " + test.summary());
        if (!noBaseline) {
            baseline = baselineModel(d).evaluate(d.test());
            System.out.println("bag-of-words test: " + baseline.summary());
        }
        System.out.print(test);
        model.save(out);
        WordPieceFiles.save(tok, out);
        System.out.println("saved " + out);
        return 0;
    }

    /** What the model learns from: the train split (with --unlabeled, and the teachers' sentences) and the teachers' soft targets, if any. */
    private record Teaching(List<LabeledText> train, BertClassifierTrainer.Distillation distillation) {}

    private Teaching teaching(TextClassificationData d) throws Exception {
        if (unlabeledPerClass < 0) throw new IllegalArgumentException("bert finetune: --unlabeled-per-class must be at least 0, got " + unlabeledPerClass);
        if (unlabeledPerClass > 0 && unlabeled == null)
            throw new IllegalArgumentException("bert finetune: --unlabeled-per-class needs --unlabeled, the sentences it selects from");
        if (!(baselineTeacher >= 0 && baselineTeacher <= 1))
            throw new IllegalArgumentException("bert finetune: --baseline-teacher must be in [0, 1], got " + baselineTeacher);
        if (teachers.isEmpty() && baselineTeacher == 0) {
            if (unlabeled != null)
                throw new IllegalArgumentException("bert finetune: --unlabeled needs --teacher or --baseline-teacher, whose labels the model learns");
            return new Teaching(d.train(), null);
        }
        List<BertForSequenceClassification> models = new ArrayList<>();
        List<BertTokenizer> tokenizers = new ArrayList<>();
        for (Path dir : teachers) {
            var teacher = BertForSequenceClassification.fromPretrained(dir);
            if (!teacher.config.id2label().equals(d.labels()))
                throw new IllegalArgumentException("bert finetune: teacher " + dir + " has the labels " + teacher.config.id2label()
                        + ", the task " + d.labels());
            models.add(teacher);
            tokenizers.add(WordPieceFiles.load(dir));
        }
        List<String> extra = unlabeledTexts(d), texts = new ArrayList<>();
        d.train().forEach(t -> texts.add(t.text()));
        texts.addAll(extra);
        long t0 = System.nanoTime();
        double share = models.isEmpty() ? 1 : baselineTeacher; // the baseline's
        Tensor targets = share == 1 ? null
                : BertClassifierTrainer.teacherProbabilities(models, tokenizers, texts, temperature, maxLen, batch, !noProgress).mul((float) (1 - share));
        if (share > 0) {
            Tensor logits = BagOfWordsClassifier.crossFittedLogits(d, BagOfWordsClassifier.DEFAULTS, BASELINE_FOLDS);
            if (!extra.isEmpty()) logits = Tensor.cat(List.of(logits, baselineModel(d).logits(extra)), 0);
            Tensor p = logits.div((float) temperature).softmax(1).mul((float) share);
            targets = targets == null ? p : targets.add(p);
        }
        int n = d.train().size();
        if (unlabeledPerClass > 0 && !extra.isEmpty()) {
            int[] kept = UnlabeledTexts.mostConfident(targets.narrow(0, n, extra.size()).toArray(), d.labels().size(), unlabeledPerClass);
            targets = targets.indexSelect(0, IntTensor.of(IntStream.concat(IntStream.range(0, n), Arrays.stream(kept).map(k -> n + k)).toArray()));
            extra = Arrays.stream(kept).mapToObj(extra::get).toList();
            System.out.printf(Locale.ROOT, "kept %,d unlabeled sentences, at most %d of each class that the teachers are surest of%n", extra.size(), unlabeledPerClass);
        }
        int[] top = targets.argmax(1, false).toArray();
        List<LabeledText> train = new ArrayList<>(d.train());
        for (int i = 0; i < extra.size(); i++) train.add(new LabeledText(extra.get(i), top[n + i], "unlabeled"));
        int[] gold = d.train().stream().mapToInt(LabeledText::label).toArray();
        ConfusionMatrix onTrain = ConfusionMatrix.of(d.labels(), gold, Arrays.copyOf(top, gold.length));
        String who = models.isEmpty() ? "" : models.size() + " teacher" + (models.size() == 1 ? "" : "s");
        if (share > 0)
            who += (who.isEmpty() ? "" : " and ") + String.format(Locale.ROOT, "the bag-of-words baseline (share %.2f, cross-fitted on the train split)", share);
        System.out.printf(Locale.ROOT, "distillation from %s (their mean's train accuracy %.2f%%), α %.2f, temperature %.1f; soft targets in %.1f s%n",
                who, 100 * onTrain.accuracy(), distillAlpha, temperature, (System.nanoTime() - t0) / 1e9);
        return new Teaching(train, new BertClassifierTrainer.Distillation(targets, distillAlpha, temperature));
    }

    private BagOfWordsClassifier baselineModel;

    /** The bag-of-words baseline trained on the train split, once: a teacher (--baseline-teacher) and the test's yardstick. */
    private BagOfWordsClassifier baselineModel(TextClassificationData d) {
        if (baselineModel == null) baselineModel = BagOfWordsClassifier.train(d, BagOfWordsClassifier.DEFAULTS, s -> {});
        return baselineModel;
    }

    /** The sentences of --unlabeled, or none. */
    private List<String> unlabeledTexts(TextClassificationData d) throws Exception {
        if (unlabeled == null) return List.of();
        if (unlabeledMax < 1) throw new IllegalArgumentException("bert finetune: --unlabeled-max must be at least 1, got " + unlabeledMax);
        Path path = unlabeled.isEmpty() ? jdkSources() : Path.of(unlabeled);
        Set<String> task = new HashSet<>();
        for (List<LabeledText> split : List.of(d.train(), d.validation(), d.test())) split.forEach(t -> task.add(t.text()));
        List<String> texts = UnlabeledTexts.sample(path, task, JavadocPackageTask.DEFAULT_MIN_WORDS, unlabeledMax, seed);
        System.out.printf(Locale.ROOT, "%,d unlabeled sentences of %s for the teachers to label%n", texts.size(), path);
        return texts;
    }

    /** The model to fine-tune: the pretrained one with a fresh classifier from seed s, or random weights of --scratch's size. */
    private BertForSequenceClassification newModel(BertTokenizer tok, long s, boolean report) throws Exception {
        if (start.model != null) {
            var loaded = BertFiles.load(start.model, c -> new BertForSequenceClassification(configure(c), new Generator(s)));
            if (report) {
                System.out.printf(Locale.ROOT, "loaded %s (%,d parameters); freshly initialised: %s%n", start.model, loaded.model().numParameters(),
                        loaded.initialized().isEmpty() ? "none" : String.join(", ", loaded.initialized()));
                if (!loaded.unused().isEmpty())
                    System.out.println("unused tensors of the checkpoint (heads this model lacks): " + String.join(", ", loaded.unused()));
            }
            return loaded.model();
        }
        BertConfig c = switch (start.scratch) {
            case "tiny" -> BertConfig.tiny(tok.size()).withMaxPositions(Math.max(64, maxLen));
            case "small" -> BertConfig.small(tok.size());
            case "base" -> BertConfig.of(tok.size(), 12, 768, 12, 3072);
            default -> throw new IllegalArgumentException("bert finetune: --scratch must be tiny, small or base, got '" + start.scratch + "'");
        };
        var model = new BertForSequenceClassification(configure(c), new Generator(s));
        if (report)
            System.out.printf(Locale.ROOT, "random %s BERT (no pretraining): %d layers × %d, %d heads, %,d parameters, vocabulary %,d%n",
                    start.scratch, c.numHiddenLayers(), c.hiddenSize(), c.numAttentionHeads(), model.numParameters(), tok.size());
        return model;
    }

    private BertConfig configure(BertConfig c) {
        return (dropout == null ? c : c.withDropout(dropout)).withLabels(labels).withClassifierPooling(pooling);
    }

    private List<String> labels;

    private TextClassificationData readData() throws Exception {
        TextClassificationData d;
        if (data != null) {
            d = TextClassificationData.load(data);
            System.out.println("task: " + data);
        } else {
            if (!task.equals("javadoc")) throw new IllegalArgumentException("bert finetune: unknown --task '" + task + "' (javadoc, or give --data)");
            Path src = sources != null ? sources : jdkSources();
            if (maxPerClass < 0) throw new IllegalArgumentException("bert finetune: --max-per-class must be >= 0, got " + maxPerClass);
            d = JavadocPackageTask.build(src, JavadocPackageTask.DEFAULT_GROUPS, JavadocPackageTask.DEFAULT_MIN_WORDS, maxPerClass);
            System.out.println("task: which package group a Javadoc sentence of " + src + " comes from"
                    + (maxPerClass > 0 ? " (at most " + maxPerClass + " per group)" : ""));
        }
        if (d.train().isEmpty()) throw new IllegalArgumentException("bert finetune: the train split is empty");
        labels = d.labels();
        return d;
    }

    private static Path jdkSources() throws Exception {
        return Corpus.jdkSources(w -> System.err.println("bert finetune: " + w));
    }

    private BertTokenizer scratchTokenizer(TextClassificationData d) throws Exception {
        if (tokenizerPath != null) {
            if (Files.isDirectory(tokenizerPath)) return WordPieceFiles.load(tokenizerPath);
            return WordPieceFiles.loadVocab(tokenizerPath, BasicTokenizer.Options.UNCASED);
        }
        String text = d.train().stream().map(LabeledText::text).collect(Collectors.joining("\n"));
        BertTokenizer tok = WordPieceTrainer.train(text, vocabSize, 2, BasicTokenizer.Options.UNCASED, false);
        System.out.printf(Locale.ROOT, "learnt a WordPiece vocabulary of %,d tokens from the train split%n", tok.size());
        return tok;
    }
}
