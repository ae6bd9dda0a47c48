package dev.nabla.models.bert;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.F;
import dev.nabla.nn.Reduction;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Clip;
import dev.nabla.optim.LambdaLR;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.tasks.ConfusionMatrix;
import dev.nabla.text.tasks.LabeledText;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.util.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Fine-tunes a {@link BertForSequenceClassification} as Hugging Face's Trainer does by default: shuffled mini-batches
 * (seeded) padded to their longest text, cross-entropy, gradient clipping, AdamW with weight decay on the weights of
 * two or more dimensions, and a learning rate that warms up linearly from 0 and then decays linearly to 0 at the last
 * step. After each epoch it measures accuracy and macro-F1 on the validation split, keeps the weights of the epoch
 * with the best validation accuracy, and stops after {@code patience} epochs without improvement. Dropout is the
 * model config's. With a layer decay ξ below 1 (ELECTRA's layer-wise learning-rate decay) the classifier and pooler
 * learn at the peak rate, the top encoder layer at ξ times it, each layer below at ξ times the one above, and the
 * embeddings at ξ times the lowest layer, so that fine-tuning moves what pretraining learnt low in the network least.
 */
public final class BertClassifierTrainer {
    /**
     * @param maxSteps   stop after this many optimizer steps (the schedule ends there); 0: after the epochs
     * @param warmupRatio the fraction of the steps spent warming up
     */
    public record Config(int epochs, int batch, int maxLength, double lr, double warmupRatio, double weightDecay, double clip,
                         int patience, int maxSteps, long seed, double layerDecay) {
        public Config {
            if (epochs < 1 || batch < 1 || maxLength < 2 || !(lr > 0) || !(warmupRatio >= 0 && warmupRatio < 1) || weightDecay < 0
                    || clip < 0 || patience < 1 || maxSteps < 0 || !(layerDecay > 0 && layerDecay <= 1))
                throw new IllegalArgumentException("BertClassifierTrainer: need epochs, batch, patience >= 1, max length >= 2, lr > 0, "
                        + "warmup ratio in [0, 1), weight decay, clip and max steps >= 0, layer decay in (0, 1]; got " + this);
        }

        /** Every layer at the same rate. */
        public Config(int epochs, int batch, int maxLength, double lr, double warmupRatio, double weightDecay, double clip,
                      int patience, int maxSteps, long seed) {
            this(epochs, batch, maxLength, lr, warmupRatio, weightDecay, clip, patience, maxSteps, seed, 1);
        }

        /** Hugging Face's defaults for fine-tuning (lr 5e-5, weight decay 0.01 as BERT's paper), 3 epochs of 32, 128 tokens. */
        public static Config defaults() {
            return new Config(3, 32, 128, 5e-5, 0.1, 0.01, 1.0, 2, 0, 0);
        }
    }

    /** What one epoch gave: its steps so far, mean training loss, and the validation metrics (null without a validation split). */
    public record Epoch(int epoch, long steps, double trainLoss, ConfusionMatrix validation, double seconds) {
        public String summary() {
            return String.format(Locale.ROOT, "epoch %d (%d steps, %.1f s): train loss %.4f, validation %s", epoch, steps, seconds, trainLoss,
                    validation == null ? "-" : validation.summary());
        }
    }

    /** The epochs run and the one whose weights the model kept. */
    public record Result(List<Epoch> epochs, int bestEpoch) {
        public Epoch best() {
            return epochs.get(bestEpoch - 1);
        }
    }

    /**
     * Knowledge distillation (Hinton et al., 2015): the loss becomes (1 − α)·CE(logits, label) + α·T²·CE(logits / T,
     * targets), where targets (train size, labels) are teachers' probabilities at temperature T for each train text
     * ({@link #teacherProbabilities}); T² keeps the soft term's gradients on the scale of the hard one's.
     */
    public record Distillation(Tensor targets, double alpha, double temperature) {
        public Distillation {
            if (targets.dim() != 2 || !(alpha >= 0 && alpha <= 1) || !(temperature > 0))
                throw new IllegalArgumentException("BertClassifierTrainer.Distillation: need targets (texts, labels), alpha in [0, 1], temperature > 0; got targets "
                        + Shape.str(targets.shape()) + ", alpha " + alpha + ", temperature " + temperature);
        }
    }

    private final BertForSequenceClassification model;
    private final BertTokenizer tokenizer;
    private final Config config;

    public BertClassifierTrainer(BertForSequenceClassification model, BertTokenizer tokenizer, Config config) {
        if (config.maxLength() > model.config.maxPositionEmbeddings())
            throw new IllegalArgumentException("BertClassifierTrainer: max length " + config.maxLength() + " exceeds the model's max_position_embeddings "
                    + model.config.maxPositionEmbeddings());
        if (tokenizer.size() > model.config.vocabSize())
            throw new IllegalArgumentException("BertClassifierTrainer: the tokenizer has " + tokenizer.size() + " tokens but the model's vocab_size is "
                    + model.config.vocabSize());
        this.model = model;
        this.tokenizer = tokenizer;
        this.config = config;
    }

    /** Trains on train, selecting on validation (which may be empty: then the last epoch is kept); onEpoch hears each epoch. */
    public Result fit(List<LabeledText> train, List<LabeledText> validation, boolean progress, Consumer<Epoch> onEpoch) {
        return fit(train, validation, null, progress, onEpoch);
    }

    /** As {@link #fit(List, List, boolean, Consumer)}, learning also from teachers' soft targets when distillation is not null. */
    public Result fit(List<LabeledText> train, List<LabeledText> validation, Distillation distillation, boolean progress, Consumer<Epoch> onEpoch) {
        if (train.isEmpty()) throw new IllegalArgumentException("BertClassifierTrainer: the train split is empty");
        if (distillation != null && !Arrays.equals(distillation.targets().shape(), new int[] {train.size(), model.config.numLabels()}))
            throw new IllegalArgumentException("BertClassifierTrainer: distillation targets of shape " + Shape.str(distillation.targets().shape())
                    + " do not match " + train.size() + " train texts × " + model.config.numLabels() + " labels");
        for (List<LabeledText> split : List.of(train, validation))
            for (LabeledText t : split)
                if (t.label() >= model.config.numLabels())
                    throw new IllegalArgumentException("BertClassifierTrainer: label " + t.label() + " of '" + t.text() + "' is not below the model's "
                            + model.config.numLabels() + " labels");
        int perEpoch = (train.size() + config.batch() - 1) / config.batch();
        long total = (long) perEpoch * config.epochs();
        if (config.maxSteps() > 0) total = Math.min(total, config.maxSteps());
        int totalSteps = (int) total, warmup = (int) (config.warmupRatio() * totalSteps);
        Optimizer opt = AdamW.ofGroups(paramGroups()).lr(config.lr()).build();
        // get_linear_schedule_with_warmup
        LambdaLR schedule = new LambdaLR(opt, s -> s < warmup ? (double) s / Math.max(1, warmup)
                : Math.max(0, (double) (totalSteps - s) / Math.max(1, totalSteps - warmup)));
        Random random = new Random(config.seed());
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        List<Epoch> epochs = new ArrayList<>();
        Map<String, float[]> best = null;
        double bestAccuracy = -1;
        int bestEpoch = 0, stale = 0;
        long steps = 0;
        for (int epoch = 1; epoch <= config.epochs() && steps < totalSteps && stale < config.patience(); epoch++) {
            long t0 = System.nanoTime();
            shuffle(order, random);
            model.train();
            double lossSum = 0;
            int seen = 0;
            long todo = Math.min(perEpoch, totalSteps - steps);
            try (Progress bar = progress ? new Progress("epoch " + epoch, todo, "step") : null) {
                for (int start = 0; start < order.length && steps < totalSteps; start += config.batch(), steps++) {
                    int end = Math.min(order.length, start + config.batch());
                    List<String> texts = new ArrayList<>(end - start);
                    int[] labels = new int[end - start];
                    for (int i = start; i < end; i++) {
                        texts.add(train.get(order[i]).text());
                        labels[i - start] = train.get(order[i]).label();
                    }
                    BertBatch b = BertBatch.of(tokenizer, texts, config.maxLength());
                    Tensor logits = model.forward(b.inputIds(), b.tokenTypeIds(), b.attentionMask());
                    Tensor loss = F.crossEntropy(logits, IntTensor.of(labels));
                    if (distillation != null) {
                        double a = distillation.alpha(), temp = distillation.temperature();
                        Tensor soft = distillation.targets().indexSelect(0, IntTensor.of(Arrays.copyOfRange(order, start, end)));
                        loss = loss.mul((float) (1 - a)).add(F.crossEntropy(logits.div((float) temp), soft, Reduction.MEAN).mul((float) (a * temp * temp)));
                    }
                    opt.zeroGrad();
                    loss.backward();
                    if (config.clip() > 0) Clip.gradNorm(model.parameters(), config.clip());
                    opt.step();
                    schedule.step();
                    double l = loss.item();
                    lossSum += l * labels.length;
                    seen += labels.length;
                    if (bar != null) {
                        double secs = (System.nanoTime() - t0) / 1e9;
                        bar.set("loss", "%.4f", l).set("lr", "%.2e", schedule.lastLr()[0]).set("texts/s", "%.1f", seen / secs).step();
                    }
                }
            }
            ConfusionMatrix val = validation.isEmpty() ? null : evaluate(model, tokenizer, validation, config.maxLength(), config.batch());
            Epoch e = new Epoch(epoch, steps, lossSum / seen, val, (System.nanoTime() - t0) / 1e9);
            epochs.add(e);
            onEpoch.accept(e);
            double accuracy = val == null ? epoch : val.accuracy();
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                bestEpoch = epoch;
                best = snapshot();
                stale = 0;
            } else {
                stale++;
            }
        }
        restore(best);
        model.eval();
        return new Result(List.copyOf(epochs), bestEpoch);
    }

    /**
     * Weight decay on the weights of two or more dimensions only; a pair of groups per depth (embeddings 0, encoder
     * layer i at i + 1, pooler and classifier above), each at lr·ξ^(top − depth).
     */
    private List<ParamGroup> paramGroups() {
        int top = model.config.numHiddenLayers() + 1;
        List<List<Tensor>> decay = new ArrayList<>(), noDecay = new ArrayList<>();
        for (int d = 0; d <= top; d++) {
            decay.add(new ArrayList<>());
            noDecay.add(new ArrayList<>());
        }
        model.namedParameters().forEach((name, p) -> (p.dim() >= 2 ? decay : noDecay).get(depth(name, top)).add(p));
        List<ParamGroup> groups = new ArrayList<>();
        for (int d = top; d >= 0; d--) {
            double lr = config.lr() * Math.pow(config.layerDecay(), top - d);
            if (!decay.get(d).isEmpty()) groups.add(new ParamGroup(decay.get(d)).set("weight_decay", config.weightDecay()).set("lr", lr));
            if (!noDecay.get(d).isEmpty()) groups.add(new ParamGroup(noDecay.get(d)).set("weight_decay", 0).set("lr", lr));
        }
        return groups;
    }

    /** How deep a parameter sits: 0 for the embeddings, i + 1 for encoder layer i, top for the pooler and the classifier. */
    static int depth(String name, int top) {
        if (name.contains("embeddings.")) return 0;
        int at = name.indexOf("encoder.layer.");
        if (at < 0) return top;
        int from = at + "encoder.layer.".length();
        return Integer.parseInt(name.substring(from, name.indexOf('.', from))) + 1;
    }

    /** The logits (texts, labels) of the model for each text, in eval mode, batch texts at a time. */
    public static Tensor logits(BertForSequenceClassification model, BertTokenizer tokenizer, List<String> texts, int maxLength, int batch) {
        return logits(model, tokenizer, texts, maxLength, batch, null);
    }

    /** As {@link #logits(BertForSequenceClassification, BertTokenizer, List, int, int)}, advancing bar (when not null) by each batch's texts. */
    static Tensor logits(BertForSequenceClassification model, BertTokenizer tokenizer, List<String> texts, int maxLength, int batch, Progress bar) {
        boolean wasTraining = model.isTraining();
        model.eval();
        List<Tensor> parts = new ArrayList<>();
        try (var ignored = NoGrad.enter()) {
            for (int start = 0; start < texts.size(); start += batch) {
                BertBatch b = BertBatch.of(tokenizer, texts.subList(start, Math.min(texts.size(), start + batch)), maxLength);
                parts.add(model.forward(b.inputIds(), b.tokenTypeIds(), b.attentionMask()));
                if (bar != null) bar.advance(b.inputIds().size(0));
            }
        } finally {
            model.train(wasTraining);
        }
        return parts.isEmpty() ? Tensor.zeros(0, model.config.numLabels()) : Tensor.cat(parts, 0);
    }

    /** The predicted class of each text, in eval mode, batch texts at a time. */
    public static int[] predict(BertForSequenceClassification model, BertTokenizer tokenizer, List<String> texts, int maxLength, int batch) {
        return logits(model, tokenizer, texts, maxLength, batch).argmax(1, false).toArray();
    }

    /**
     * The teachers' mean probabilities softmax(logits / T) for each text (texts, labels): the targets of {@link Distillation};
     * with progress, a bar over the teachers' texts.
     */
    public static Tensor teacherProbabilities(List<BertForSequenceClassification> teachers, List<BertTokenizer> tokenizers, List<String> texts,
                                              double temperature, int maxLength, int batch, boolean progress) {
        if (teachers.isEmpty() || teachers.size() != tokenizers.size())
            throw new IllegalArgumentException("BertClassifierTrainer.teacherProbabilities: need one tokenizer per teacher and at least one teacher, got "
                    + teachers.size() + " teachers and " + tokenizers.size() + " tokenizers");
        Tensor sum = null;
        try (Progress bar = progress ? new Progress("teachers' soft targets", (long) teachers.size() * texts.size(), "text") : null) {
            for (int i = 0; i < teachers.size(); i++) {
                Tensor p = logits(teachers.get(i), tokenizers.get(i), texts, maxLength, batch, bar).div((float) temperature).softmax(1);
                if (sum != null && !Arrays.equals(sum.shape(), p.shape()))
                    throw new IllegalArgumentException("BertClassifierTrainer.teacherProbabilities: teacher " + (i + 1) + " gives " + Shape.str(p.shape())
                            + " probabilities, teacher 1 " + Shape.str(sum.shape()) + ": the teachers must share the labels");
                sum = sum == null ? p : sum.add(p);
            }
        }
        return sum.div(teachers.size());
    }

    /** The confusion matrix of the model's predictions on split, under the model's labels. */
    public static ConfusionMatrix evaluate(BertForSequenceClassification model, BertTokenizer tokenizer, List<LabeledText> split, int maxLength, int batch) {
        int[] gold = split.stream().mapToInt(LabeledText::label).toArray();
        return ConfusionMatrix.of(model.config.id2label(), gold, predict(model, tokenizer, split.stream().map(LabeledText::text).toList(), maxLength, batch));
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1), t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private Map<String, float[]> snapshot() {
        Map<String, float[]> m = new LinkedHashMap<>();
        model.stateDict().forEach((k, t) -> m.put(k, t.contiguous().toArray()));
        return m;
    }

    private void restore(Map<String, float[]> saved) {
        try (var ignored = NoGrad.enter()) {
            model.stateDict().forEach((k, t) -> t.copy_(Tensor.of(saved.get(k), t.shape())));
        }
    }
}
