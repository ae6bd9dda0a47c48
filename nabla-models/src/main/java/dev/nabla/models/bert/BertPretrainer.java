package dev.nabla.models.bert;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.SinusoidalPositionalEncoding;
import dev.nabla.io.Checkpoint;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Clip;
import dev.nabla.optim.LambdaLR;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.WordPieceFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Pretrains a BERT from scratch, as Google's run_pretraining.py: each step draws a batch of sequences from the
 * {@link PretrainingData} (padded to the longest), masks them afresh ({@link DynamicMasking}, 15%, 80/10/10), and
 * minimises the masked-LM cross-entropy (decoder run at the masked positions only) plus, with next-sentence
 * prediction, the NSP cross-entropy, with {@link BertForPreTraining} (without NSP: {@link BertForMaskedLM}). AdamW
 * (weight decay on the parameters of two or more dimensions only: not biases or LayerNorm), linear warmup from 0 then
 * linear decay to 0 at maxSteps, gradient clipping. The weights, dropout, batches and masks come from generators
 * seeded by seed; with a fixed thread count runs are bit-identical, and one resumed from {@link #save} goes on as
 * the one that never stopped. BERT's attention dropout draws from the global generator (as torch's does), so a
 * trainer seeds that too when it is made, and saves and restores its state: one trainer at a time per process.
 */
public final class BertPretrainer {
    /**
     * The run's knobs: AdamW's betas (0.9, 0.999) and eps 1e-6 are BERT's. generatorLayers 0 is BERT's masked LM;
     * more is ELECTRA's replaced-token detection ({@link ElectraPretraining}) with a generator of that many layers.
     * documentContrast above 0 adds, at that weight, {@link DocumentContrast}'s loss to the masked LM's, the batch then
     * made of pairs of sentences of one document.
     */
    public record Config(int batch, int seqLen, boolean nsp, double lr, int warmup, int maxSteps, double weightDecay,
                         double clip, long seed, int generatorLayers, double documentContrast) {
        public Config {
            if (batch <= 0 || seqLen < 5 || warmup < 0 || maxSteps <= warmup || !(lr > 0))
                throw new IllegalArgumentException("BertPretrainer: batch must be > 0, seqLen >= 5, lr > 0 and maxSteps > warmup >= 0; got batch="
                        + batch + ", seqLen=" + seqLen + ", lr=" + lr + ", warmup=" + warmup + ", maxSteps=" + maxSteps);
            if (generatorLayers < 0 || (generatorLayers > 0 && nsp))
                throw new IllegalArgumentException("BertPretrainer: ELECTRA's generator needs >= 1 layer and no next-sentence prediction; got generatorLayers="
                        + generatorLayers + ", nsp=" + nsp);
            if (!(documentContrast >= 0) || (documentContrast > 0 && (nsp || generatorLayers > 0 || batch < 2 || batch % 2 != 0)))
                throw new IllegalArgumentException("BertPretrainer: the document contrast needs a weight >= 0 and, above 0, the masked LM alone (no NSP, "
                        + "no ELECTRA) and an even batch (pairs of sentences); got documentContrast=" + documentContrast + ", nsp=" + nsp
                        + ", generatorLayers=" + generatorLayers + ", batch=" + batch);
        }

        /** BERT's masked LM, or ELECTRA's replaced-token detection with generatorLayers > 0. */
        public Config(int batch, int seqLen, boolean nsp, double lr, int warmup, int maxSteps, double weightDecay, double clip, long seed,
                      int generatorLayers) {
            this(batch, seqLen, nsp, lr, warmup, maxSteps, weightDecay, clip, seed, generatorLayers, 0);
        }

        /** BERT's masked LM. */
        public Config(int batch, int seqLen, boolean nsp, double lr, int warmup, int maxSteps, double weightDecay, double clip, long seed) {
            this(batch, seqLen, nsp, lr, warmup, maxSteps, weightDecay, clip, seed, 0);
        }

        public boolean electra() {
            return generatorLayers > 0;
        }

        public boolean contrasts() {
            return documentContrast > 0;
        }

        /** The fields by name, for a checkpoint's extras. */
        public Map<String, Object> toMap() {
            return Map.ofEntries(Map.entry("batch", batch), Map.entry("seq_len", seqLen), Map.entry("nsp", nsp), Map.entry("lr", lr),
                    Map.entry("warmup", warmup), Map.entry("max_steps", maxSteps), Map.entry("weight_decay", weightDecay), Map.entry("clip", clip),
                    Map.entry("seed", seed), Map.entry("generator_layers", generatorLayers), Map.entry("document_contrast", documentContrast));
        }

        public static Config fromMap(Map<?, ?> m) {
            try {
                return new Config(num(m, "batch").intValue(), num(m, "seq_len").intValue(), (Boolean) m.get("nsp"), num(m, "lr").doubleValue(),
                        num(m, "warmup").intValue(), num(m, "max_steps").intValue(), num(m, "weight_decay").doubleValue(),
                        num(m, "clip").doubleValue(), num(m, "seed").longValue(),
                        m.containsKey("generator_layers") ? num(m, "generator_layers").intValue() : 0,
                        m.containsKey("document_contrast") ? num(m, "document_contrast").doubleValue() : 0);
            } catch (ClassCastException | NullPointerException e) {
                throw new IllegalArgumentException("BertPretrainer: the saved options " + m + " are incomplete", e);
            }
        }

        private static Number num(Map<?, ?> m, String k) {
            return (Number) m.get(k);
        }
    }

    /**
     * Masked-LM loss and accuracy over the masked tokens (ELECTRA's: the generator's), NSP accuracy (NaN without NSP),
     * for ELECTRA (else NaN) the discriminator's accuracy over the tokens and the fraction of them replaced (so that
     * 1 − replaced is the accuracy of calling every token original), and with the document contrast (else NaN) the
     * fraction of sentences whose nearest in their batch is the other sentence of their document.
     */
    public record Evaluation(double mlmLoss, double mlmAccuracy, double nspAccuracy, double rtdAccuracy, double replaced, double partnerAccuracy) {}

    private final BertPreTrainedModel model;
    private final BertTokenizer tokenizer;
    private final PretrainingData train;
    private final Config config;
    private final List<Tensor> params;
    private final Optimizer optimizer;
    private final LambdaLR schedule;
    private final Generator dropout, batches;
    private final DynamicMasking masking;
    private long iteration, lastTokens;

    /** A fresh model of modelConfig (its vocabulary the tokenizer's) initialised from config.seed(). */
    public BertPretrainer(BertConfig modelConfig, BertTokenizer tokenizer, PretrainingData train, Config config) {
        if (modelConfig.vocabSize() != tokenizer.size())
            throw new IllegalArgumentException("BertPretrainer: the model's vocab_size " + modelConfig.vocabSize() + " differs from the tokenizer's " + tokenizer.size());
        if (config.seqLen() > modelConfig.maxPositionEmbeddings())
            throw new IllegalArgumentException("BertPretrainer: seqLen " + config.seqLen() + " exceeds max_position_embeddings " + modelConfig.maxPositionEmbeddings());
        this.tokenizer = tokenizer;
        this.train = train;
        this.config = config;
        dropout = new Generator(config.seed());
        model = config.electra() ? new ElectraPretraining(modelConfig, config.generatorLayers(), dropout)
                : config.nsp() ? new BertForPreTraining(modelConfig, dropout) : new BertForMaskedLM(modelConfig, dropout);
        params = model.parameters();
        List<Tensor> decay = new ArrayList<>(), noDecay = new ArrayList<>();
        for (Tensor p : params) (p.dim() >= 2 ? decay : noDecay).add(p);
        optimizer = AdamW.ofGroups(List.of(new ParamGroup(decay).set("weight_decay", config.weightDecay()),
                new ParamGroup(noDecay).set("weight_decay", 0))).lr(config.lr()).betas(0.9, 0.999).eps(1e-6).build();
        int warmup = config.warmup(), total = config.maxSteps();
        schedule = new LambdaLR(optimizer, e -> e < warmup ? (double) e / warmup : Math.max(0, (double) (total - e) / (total - warmup)));
        batches = new Generator(config.seed() + 1);
        masking = masking(batches);
        Generator.seed(config.seed() + 3);
    }

    /**
     * The losses of a training step: masked LM, next-sentence prediction, replaced-token detection and document contrast
     * (NaN when not used), and the total it minimised (their sum, RTD and contrast at their weights).
     */
    public record StepLoss(double mlm, double nsp, double rtd, double contrast, double total) {}

    /** One optimizer step on a fresh batch. */
    public StepLoss step() {
        return step(nextBatch());
    }

    /** The next training batch, drawn and masked as {@link #step()} draws it. */
    public Batch nextBatch() {
        return batch(train, batches, masking);
    }

    /** One optimizer step on b (from {@link #nextBatch}: a caller may look at a batch, or keep it, before training on it). */
    public StepLoss step(Batch b) {
        model.train();
        optimizer.zeroGrad();
        Tensor loss;
        StepLoss value;
        if (model instanceof BertForPreTraining m) {
            BertForPreTraining.Losses l = m.pretrainingLosses(b.inputIds, b.tokenTypeIds, b.attentionMask, b.labels, b.nextSentenceLabels);
            loss = l.mlm().add(l.nsp());
            value = new StepLoss(l.mlm().item(), l.nsp().item(), Double.NaN, Double.NaN, loss.item());
        } else if (model instanceof ElectraPretraining e) {
            ElectraPretraining.Output out = e.forward(b.inputIds, b.tokenTypeIds, b.attentionMask, b.labels, batches);
            loss = out.loss();
            value = new StepLoss(out.mlm().item(), Double.NaN, out.rtd().item(), Double.NaN, loss.item());
        } else {
            BertForMaskedLM m = (BertForMaskedLM) model;
            Tensor hidden = m.bert.forward(b.inputIds, b.tokenTypeIds, b.attentionMask).lastHiddenState();
            Tensor mlm = m.cls.predictions.maskedLoss(hidden, b.labels), contrast = null;
            loss = mlm;
            if (config.contrasts()) {
                contrast = DocumentContrast.loss(BertModel.meanPool(hidden, b.attentionMask));
                loss = mlm.add(contrast.mul((float) config.documentContrast()));
            }
            value = new StepLoss(mlm.item(), Double.NaN, Double.NaN, contrast == null ? Double.NaN : contrast.item(), loss.item());
        }
        loss.backward();
        if (config.clip() > 0) Clip.gradNorm(params, config.clip());
        optimizer.step();
        schedule.step();
        iteration++;
        lastTokens = b.tokens;
        return value;
    }

    /** MLM loss and accuracy (and NSP accuracy) on batches of data drawn and masked with a generator seeded by seed. */
    public Evaluation evaluate(PretrainingData data, int batchCount, long seed) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Generator g = new Generator(seed);
        DynamicMasking m = masking(g);
        double lossSum = 0;
        long masked = 0, correct = 0, nspCorrect = 0, nspCount = 0, rtdCorrect = 0, rtdCount = 0, replacedCount = 0, partnersFound = 0, sentences = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < batchCount; i++) {
                Batch b = batch(data, g, m);
                Tensor logits;
                IntTensor target = b.labels;
                if (model instanceof ElectraPretraining e) { // the generator's logits at the masked positions, and the discriminator
                    ElectraPretraining.Output out = e.forward(b.inputIds, b.tokenTypeIds, b.attentionMask, b.labels, g);
                    logits = out.generatorLogits();
                    target = out.targets();
                    float[] d = out.discriminatorLogits().storage(), replaced = out.replaced().storage();
                    int[] real = ElectraPretraining.realTokens(b.attentionMask, d.length).storage();
                    for (int k : real) {
                        if ((d[k] > 0) == (replaced[k] == 1)) rtdCorrect++;
                        if (replaced[k] == 1) replacedCount++;
                    }
                    rtdCount += real.length;
                } else if (model instanceof BertForPreTraining p) {
                    BertForPreTraining.Output out = p.forward(b.inputIds, b.tokenTypeIds, b.attentionMask);
                    logits = out.predictionLogits();
                    int[] guess = out.seqRelationshipLogits().argmax(-1, false).storage(), truth = b.nextSentenceLabels.storage();
                    for (int k = 0; k < truth.length; k++) if (guess[k] == truth[k]) nspCorrect++;
                    nspCount += truth.length;
                } else {
                    BertForMaskedLM lm = (BertForMaskedLM) model;
                    Tensor hidden = lm.bert.forward(b.inputIds, b.tokenTypeIds, b.attentionMask).lastHiddenState();
                    logits = lm.cls.predictions.forward(hidden);
                    if (config.contrasts()) {
                        partnersFound += DocumentContrast.partnersFound(BertModel.meanPool(hidden, b.attentionMask));
                        sentences += b.inputIds.size(0);
                    }
                }
                int[] labels = target.storage(), guess = logits.argmax(-1, false).storage();
                int n = 0;
                for (int k = 0; k < labels.length; k++)
                    if (labels[k] != DynamicMasking.IGNORE) {
                        n++;
                        if (guess[k] == labels[k]) correct++;
                    }
                lossSum += BertForMaskedLM.loss(logits, target).item() * n;
                masked += n;
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(lossSum / masked, (double) correct / masked, nspCount == 0 ? Double.NaN : (double) nspCorrect / nspCount,
                rtdCount == 0 ? Double.NaN : (double) rtdCorrect / rtdCount, rtdCount == 0 ? Double.NaN : (double) replacedCount / rtdCount,
                sentences == 0 ? Double.NaN : (double) partnersFound / sentences);
    }

    private DynamicMasking masking(Generator g) {
        return new DynamicMasking(tokenizer.size(), tokenizer.maskTokenId(),
                new int[] {tokenizer.clsTokenId(), tokenizer.sepTokenId(), tokenizer.padTokenId(), tokenizer.unkTokenId()}, g);
    }

    /** Model inputs (B, T) padded to the longest sequence, masked labels, NSP labels (B) or null; tokens: those not padding. */
    public record Batch(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask, IntTensor labels, IntTensor nextSentenceLabels, long tokens) {}

    Batch batch(PretrainingData data, Generator g, DynamicMasking m) {
        int bs = config.batch();
        PretrainingData.Example[] ex = new PretrainingData.Example[bs];
        int t = 0;
        long tokens = 0;
        for (int i = 0; i < bs; i++) {
            if (!config.contrasts()) ex[i] = data.sample(g, config.seqLen(), config.nsp());
            else if (i % 2 == 0) System.arraycopy(data.samplePair(g, config.seqLen()), 0, ex, i, 2); // rows i, i + 1: one document
            t = Math.max(t, ex[i].ids().length);
            tokens += ex[i].ids().length;
        }
        int[] ids = new int[bs * t], types = new int[bs * t], mask = new int[bs * t], nsp = new int[bs];
        Arrays.fill(ids, tokenizer.padTokenId());
        for (int i = 0; i < bs; i++) {
            int n = ex[i].ids().length;
            System.arraycopy(ex[i].ids(), 0, ids, i * t, n);
            System.arraycopy(ex[i].tokenTypeIds(), 0, types, i * t, n);
            Arrays.fill(mask, i * t, i * t + n, 1);
            nsp[i] = ex[i].nextSentenceLabel();
        }
        IntTensor input = IntTensor.wrap(ids, bs, t);
        DynamicMasking.Batch masked;
        do masked = m.apply(input); // a batch with nothing masked has no loss to learn from: mask again
        while (Arrays.stream(masked.labels().storage()).allMatch(l -> l == DynamicMasking.IGNORE));
        return new Batch(masked.inputIds(), IntTensor.wrap(types, bs, t), IntTensor.wrap(mask, bs, t), masked.labels(),
                config.nsp() ? IntTensor.wrap(nsp, bs) : null, tokens);
    }

    public long iteration() { return iteration; }

    /** Tokens (not padding) of the last step's batch. */
    public long lastTokens() { return lastTokens; }

    /** The learning rate of the next step. */
    public double lr() { return optimizer.paramGroups().get(0).lr(); }

    public Config config() { return config; }

    /** BertForPreTraining with NSP, BertForMaskedLM without, ElectraPretraining for ELECTRA. */
    public BertPreTrainedModel model() { return model; }

    public BertTokenizer tokenizer() { return tokenizer; }

    /** The model's word embeddings (vocab, H), which its masked-LM decoder shares. */
    public Tensor wordEmbeddings() {
        return encoder().wordEmbeddings();
    }

    /**
     * Starts the position embeddings from the sinusoids of "Attention is all you need" (pe[p, 2i] = sin(p / 10000^(2i/H)),
     * pe[p, 2i+1] = cos(...)), scaled to the initialiser's standard deviation, instead of from noise: nearby positions
     * then start with similar vectors, which a BERT started from noise has to discover before attention can use word order.
     */
    public void sinusoidalPositions() {
        Tensor pos = encoder().positionEmbeddings();
        int n = pos.size(0), h = pos.size(1);
        float[] pe = new SinusoidalPositionalEncoding(h, n).pe.toArray();
        double sumSq = 0;
        for (float v : pe) sumSq += v * v;
        float scale = (float) (model.config.initializerRange() / Math.sqrt(sumSq / pe.length));
        for (int i = 0; i < pe.length; i++) pe[i] *= scale;
        try (var ignored = NoGrad.enter()) {
            pos.copy_(Tensor.wrap(pe, n, h));
        }
    }

    /** The BERT being pretrained (ELECTRA's: the discriminator, whose embeddings the generator shares). */
    private BertModel encoder() {
        return switch (model) {
            case BertForPreTraining m -> m.bert;
            case ElectraPretraining e -> e.bert;
            default -> ((BertForMaskedLM) model).bert;
        };
    }

    /**
     * Starts from a saved BERT's weights instead of random ones (continued pretraining, as Hugging Face's run_mlm.py
     * from a checkpoint): dir holds config.json and model.safetensors of a model of this one's configuration. Returns
     * the head tensors the file lacked, which stay as initialised (a next-sentence head for a masked-LM checkpoint).
     */
    public List<String> initFrom(Path dir) throws IOException {
        if (config.electra()) throw new IllegalArgumentException("BertPretrainer: continued pretraining (initFrom) is for BERT's masked LM, not ELECTRA");
        BertConfig saved = BertConfig.read(dir.resolve("config.json")), mine = model.config;
        if (saved.vocabSize() != mine.vocabSize() || saved.hiddenSize() != mine.hiddenSize() || saved.numHiddenLayers() != mine.numHiddenLayers()
                || saved.numAttentionHeads() != mine.numAttentionHeads() || saved.intermediateSize() != mine.intermediateSize()
                || saved.maxPositionEmbeddings() != mine.maxPositionEmbeddings() || saved.typeVocabSize() != mine.typeVocabSize())
            throw new IOException(dir + ": its BERT (" + saved + ") is not the shape of the one being pretrained (" + mine + ")");
        return BertFiles.load(dir, c -> model).initialized(); // fills this model in place (step() puts it back in train mode)
    }

    /**
     * The model as a Hugging Face directory: config.json, model.safetensors, and the tokenizer's files; ELECTRA's
     * discriminator there as a BERT, and its generator, a BertForMaskedLM with the same tokenizer, in dir/generator.
     */
    public void saveModel(Path dir) throws IOException {
        model.save(dir);
        WordPieceFiles.save(tokenizer, dir);
        if (config.electra()) WordPieceFiles.save(tokenizer, ElectraPretraining.generatorDir(dir));
    }

    /** Writes atomically the weights, AdamW's state, the schedule, the generators and the caller's extras. */
    public void save(Path file, Map<String, Object> extras) throws IOException {
        checkpoint().save(file, iteration, extras);
    }

    /** Restores what {@link #save} wrote (a trainer built with the same model config and Config); returns the extras. */
    public Map<String, Object> resume(Path file) throws IOException {
        Checkpoint ck = checkpoint();
        iteration = ck.load(file);
        return ck.extra();
    }

    private Checkpoint checkpoint() {
        return new Checkpoint(model).optimizer(optimizer).scheduler(schedule).generator("dropout", dropout).generator("batches", batches)
                .generator("global", Generator.global());
    }
}
