package dev.nabla.text.tasks;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.F;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The bag-of-words baseline of a text classification task: multinomial logistic regression with L2 on the binary
 * unigram (and bigram) features of {@link Tokenizer#english()}, weighted by idf and scaled to unit length (scikit-learn's
 * {@code TfidfVectorizer(binary=True)} then {@code LogisticRegression}). The vocabulary is the train split's terms in
 * at least {@code minCount} train texts. The model is a weight row per term, summed as an EmbeddingBag would: the
 * logits of a text are the feature-weighted sum of its terms' rows plus a bias, trained by Adam (L2 as its coupled
 * weight decay) in shuffled mini-batches, keeping the weights of the epoch with the best validation accuracy and
 * stopping after {@code patience} epochs without improvement.
 */
public final class BagOfWordsClassifier {
    /**
     * Hyper-parameters. {@link #DEFAULTS} had the best validation accuracy on {@link JavadocPackageTask}'s default task
     * among lr 0.005, 0.02, 0.05 and l2 0, 1e-5, 1e-4 and minCount 1, 2 (not all combinations): there early stopping
     * regularises better than L2.
     */
    public record Config(int minCount, boolean bigrams, double lr, double l2, int batchSize, int maxEpochs, int patience, long seed) {
        public Config {
            if (minCount < 1 || lr <= 0 || l2 < 0 || batchSize < 1 || maxEpochs < 1 || patience < 1)
                throw new IllegalArgumentException("BagOfWordsClassifier.Config: minCount, lr, batchSize, maxEpochs and patience must be positive, l2 not negative: " + this);
        }
    }

    public static final Config DEFAULTS = new Config(1, true, 0.02, 0, 64, 30, 3, 1);

    private final List<String> labels;
    private final Map<String, Integer> vocabulary;
    private final float[] idf;
    private final boolean bigrams;
    private final Tensor weight, bias; // (V + 1, C): row V is the padding row; (C)
    private int bestEpoch;

    private BagOfWordsClassifier(List<String> labels, Map<String, Integer> vocabulary, float[] idf, boolean bigrams) {
        this.labels = labels;
        this.bigrams = bigrams;
        this.vocabulary = vocabulary;
        this.idf = idf;
        this.weight = Tensor.zeros(vocabulary.size() + 1, labels.size()).requiresGrad(true);
        this.bias = Tensor.zeros(labels.size()).requiresGrad(true);
    }

    /** Trains on {@code data}'s train split, stopping early on its validation split; {@code log} is told each epoch. */
    public static BagOfWordsClassifier train(TextClassificationData data, Config cfg, Consumer<String> log) {
        if (data.train().isEmpty()) throw new IllegalArgumentException("BagOfWordsClassifier: the train split is empty");
        List<Set<String>> trainTerms = new ArrayList<>();
        Map<String, Integer> df = new TreeMap<>(); // sorted, so that term ids do not depend on hashing
        for (LabeledText t : data.train()) {
            Set<String> terms = terms(t.text(), cfg.bigrams());
            trainTerms.add(terms);
            for (String term : terms) df.merge(term, 1, Integer::sum);
        }
        Map<String, Integer> vocabulary = new HashMap<>();
        List<Float> idf = new ArrayList<>();
        int n = data.train().size();
        df.forEach((term, count) -> {
            if (count < cfg.minCount()) return;
            vocabulary.put(term, vocabulary.size());
            idf.add((float) (Math.log((1.0 + n) / (1.0 + count)) + 1));
        });
        float[] idfs = new float[idf.size()];
        for (int i = 0; i < idfs.length; i++) idfs[i] = idf.get(i);
        BagOfWordsClassifier model = new BagOfWordsClassifier(data.labels(), vocabulary, idfs, cfg.bigrams());
        model.fit(data, trainTerms, cfg, log);
        return model;
    }

    /**
     * (N, C): the logits of each train text by a model that never saw its file. The train split's files are dealt into
     * {@code folds} folds in order of first appearance; each fold's texts are scored by a model trained on the other
     * folds (stopping early on the validation split as {@link #train} does). A model scores the texts it learnt almost
     * perfectly (it fits the train split), so these are what a teacher can honestly say of the train split.
     */
    public static Tensor crossFittedLogits(TextClassificationData data, Config cfg, int folds) {
        if (folds < 2) throw new IllegalArgumentException("BagOfWordsClassifier.crossFittedLogits: need at least 2 folds, got " + folds);
        List<LabeledText> split = data.train();
        Map<String, Integer> foldOfFile = new HashMap<>();
        for (LabeledText t : split) foldOfFile.putIfAbsent(t.file(), foldOfFile.size() % folds);
        if (foldOfFile.size() < folds)
            throw new IllegalArgumentException("BagOfWordsClassifier.crossFittedLogits: need a train file per fold, got " + folds + " folds of "
                    + foldOfFile.size() + " files");
        int n = split.size(), c = data.labels().size();
        int[] foldOf = split.stream().mapToInt(t -> foldOfFile.get(t.file())).toArray();
        float[] out = new float[n * c];
        for (int f = 0; f < folds; f++) {
            int fold = f;
            int[] rows = IntStream.range(0, n).filter(i -> foldOf[i] == fold).toArray();
            List<LabeledText> rest = IntStream.range(0, n).filter(i -> foldOf[i] != fold).mapToObj(split::get).toList();
            var model = train(new TextClassificationData(data.labels(), rest, data.validation(), List.of()), cfg, s -> {});
            float[] l = model.logits(Arrays.stream(rows).mapToObj(i -> split.get(i).text()).toList()).toArray();
            for (int k = 0; k < rows.length; k++) System.arraycopy(l, k * c, out, rows[k] * c, c);
        }
        return Tensor.of(out, n, c);
    }

    private void fit(TextClassificationData data, List<Set<String>> trainTerms, Config cfg, Consumer<String> log) {
        List<Features> train = trainTerms.stream().map(this::features).toList();
        int[] gold = data.train().stream().mapToInt(LabeledText::label).toArray();
        List<Features> val = featuresOf(data.validation());
        Adam opt = Adam.of(List.of(weight, bias)).lr(cfg.lr()).weightDecay(cfg.l2()).build();
        Random random = new Random(cfg.seed());
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        double best = -1;
        float[] bestWeight = weight.toArray(), bestBias = bias.toArray();
        for (int epoch = 1, stale = 0; epoch <= cfg.maxEpochs() && stale < cfg.patience(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lossSum = 0;
            for (int start = 0; start < order.length; start += cfg.batchSize()) {
                int end = Math.min(order.length, start + cfg.batchSize());
                List<Features> batch = new ArrayList<>(end - start);
                int[] target = new int[end - start];
                for (int i = start; i < end; i++) {
                    batch.add(train.get(order[i]));
                    target[i - start] = gold[order[i]];
                }
                Tensor loss = F.crossEntropy(batchLogits(batch), IntTensor.of(target));
                opt.zeroGrad();
                loss.backward();
                opt.step();
                lossSum += loss.item() * (end - start);
            }
            double acc = val.isEmpty() ? 0 : ConfusionMatrix.of(labels, golds(data.validation()), logitsOf(val).argmax(1, false).toArray()).accuracy();
            log.accept(String.format(Locale.ROOT, "epoch %d: train loss %.4f, validation accuracy %.2f%%", epoch, lossSum / order.length, 100 * acc));
            if (acc > best) {
                best = acc;
                bestEpoch = epoch;
                bestWeight = weight.toArray();
                bestBias = bias.toArray();
                stale = 0;
            } else {
                stale++;
            }
        }
        try (NoGrad ignored = NoGrad.enter()) {
            weight.copy_(Tensor.of(bestWeight, weight.shape()));
            bias.copy_(Tensor.of(bestBias, bias.shape()));
        }
    }

    /** The predicted class of each text. */
    public int[] predict(List<String> texts) {
        return logits(texts).argmax(1, false).toArray();
    }

    /** (N, C): each text's logits, for example for its class probabilities. */
    public Tensor logits(List<String> texts) {
        return logitsOf(texts.stream().map(t -> features(terms(t, bigrams))).toList());
    }

    private Tensor logitsOf(List<Features> fs) {
        float[] out = new float[fs.size() * labels.size()];
        try (NoGrad ignored = NoGrad.enter()) {
            for (int start = 0; start < fs.size(); start += 1024) {
                float[] chunk = batchLogits(fs.subList(start, Math.min(fs.size(), start + 1024))).toArray();
                System.arraycopy(chunk, 0, out, start * labels.size(), chunk.length);
            }
        }
        return Tensor.of(out, fs.size(), labels.size());
    }

    /** The confusion matrix of this model's predictions on {@code split}. */
    public ConfusionMatrix evaluate(List<LabeledText> split) {
        return ConfusionMatrix.of(labels, golds(split), predict(split.stream().map(LabeledText::text).toList()));
    }

    public int vocabularySize() { return vocabulary.size(); }

    /** The epoch whose weights the model kept (best validation accuracy). */
    public int bestEpoch() { return bestEpoch; }

    private static int[] golds(List<LabeledText> split) {
        return split.stream().mapToInt(LabeledText::label).toArray();
    }

    private List<Features> featuresOf(List<LabeledText> split) {
        return split.stream().map(t -> features(terms(t.text(), bigrams))).toList();
    }

    /** A text's known terms and their unit-length idf weights. */
    private record Features(int[] ids, float[] values) {}

    private Features features(Set<String> terms) {
        int[] ids = new int[terms.size()];
        int k = 0;
        for (String t : terms) {
            Integer id = vocabulary.get(t);
            if (id != null) ids[k++] = id;
        }
        ids = Arrays.copyOf(ids, k);
        Arrays.sort(ids); // the same sum order whatever the set's iteration order
        float[] values = new float[k];
        double norm = 0;
        for (int i = 0; i < k; i++) norm += (double) idf[ids[i]] * idf[ids[i]];
        for (int i = 0; i < k; i++) values[i] = (float) (idf[ids[i]] / Math.sqrt(norm));
        return new Features(ids, values);
    }

    /** (B, C): each text's weighted sum of its terms' weight rows, padded with the zero row V, plus the bias. */
    private Tensor batchLogits(List<Features> batch) {
        int len = 1;
        for (Features f : batch) len = Math.max(len, f.ids().length);
        int pad = vocabulary.size();
        int[] ids = new int[batch.size() * len];
        float[] values = new float[batch.size() * len];
        Arrays.fill(ids, pad);
        for (int b = 0; b < batch.size(); b++) {
            Features f = batch.get(b);
            System.arraycopy(f.ids(), 0, ids, b * len, f.ids().length);
            System.arraycopy(f.values(), 0, values, b * len, f.values().length);
        }
        Tensor rows = F.embedding(IntTensor.of(ids, batch.size(), len), weight, pad); // (B, L, C)
        return rows.mul(Tensor.of(values, batch.size(), len, 1)).sum(1).add(bias);
    }

    /** The distinct unigrams of a text, and its bigrams (two tokens joined by a space) when asked. */
    static Set<String> terms(String text, boolean bigrams) {
        List<String> tokens = Tokenizer.english().tokenize(text);
        Set<String> terms = new LinkedHashSet<>(tokens);
        if (bigrams) for (int i = 1; i < tokens.size(); i++) terms.add(tokens.get(i - 1) + ' ' + tokens.get(i));
        return terms;
    }
}
