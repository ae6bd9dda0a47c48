package dev.nabla.models.bert;

import dev.nabla.nn.F;
import dev.nabla.nn.Module;
import dev.nabla.nn.Reduction;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * BERT with the masked-language-model head only, as Hugging Face's BertForMaskedLM: no pooler, cls.predictions with
 * the decoder tied to the word embeddings. Loads BertForPreTraining checkpoints too (their NSP head is left out).
 */
public final class BertForMaskedLM extends BertPreTrainedModel {
    public final BertModel bert;
    final Heads cls;

    public BertForMaskedLM(BertConfig config, Generator g) {
        super(config);
        bert = registerModule("bert", new BertModel(config, false, g));
        cls = registerModule("cls", new Heads(config, bert.wordEmbeddings(), g));
        initWeights(cls, config, g);
    }

    /** A masked LM on another model's embeddings, its decoder tied to them (ELECTRA's generator). */
    BertForMaskedLM(BertConfig config, BertModel.Embeddings shared, Generator g) {
        super(config);
        bert = registerModule("bert", new BertModel(config, shared, g));
        cls = registerModule("cls", new Heads(config, bert.wordEmbeddings(), g));
        initWeights(cls, config, g);
    }

    public BertForMaskedLM(BertConfig config) {
        this(config, Generator.global());
    }

    public static BertForMaskedLM fromPretrained(Path dir) throws IOException {
        return BertFiles.load(dir, c -> new BertForMaskedLM(c, new Generator(0))).model();
    }

    /** Logits (B, T, vocab) for every position. */
    public Tensor forward(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask) {
        return cls.predictions.forward(bert.forward(inputIds, tokenTypeIds, attentionMask).lastHiddenState());
    }

    /**
     * The training loss without the full logits: the value and gradients of loss(forward(...), labels), with the
     * vocabulary-sized decoder run only at the labelled positions.
     */
    public Tensor maskedLoss(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask, IntTensor labels) {
        return cls.predictions.maskedLoss(bert.forward(inputIds, tokenTypeIds, attentionMask).lastHiddenState(), labels);
    }

    /** The mean cross-entropy of logits (B, T, vocab) at the positions whose label (B, T) is not -100. */
    public static Tensor loss(Tensor logits, IntTensor labels) {
        int v = logits.size(-1);
        if (labels.numel() * (long) v != logits.numel())
            throw new IllegalArgumentException("BertForMaskedLM.loss: labels " + Shape.str(labels.shape()) + " do not match logits " + Shape.str(logits.shape()));
        return F.crossEntropy(logits.reshape(-1, v), labels.reshape(-1), Reduction.MEAN, DynamicMasking.IGNORE, 0f);
    }

    /** cls: predictions only. */
    static final class Heads extends Module {
        final LMPredictionHead predictions;

        Heads(BertConfig c, Tensor wordEmbeddings, Generator g) {
            predictions = registerModule("predictions", new LMPredictionHead(c, wordEmbeddings, g));
        }
    }
}
