package dev.nabla.models.bert;

import dev.nabla.nn.F;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.Reduction;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * BERT with its two pretraining heads, as Hugging Face's BertForPreTraining: masked-language-model logits for every
 * token (cls.predictions, decoder tied to the word embeddings) and next-sentence-prediction logits from the pooled
 * [CLS] (cls.seq_relationship: 0 = B follows A, 1 = B is random).
 */
public final class BertForPreTraining extends BertPreTrainedModel {
    public final BertModel bert;
    final Heads cls;

    /** MLM logits (B, T, vocab), NSP logits (B, 2) and the encoder's output. */
    public record Output(Tensor predictionLogits, Tensor seqRelationshipLogits, BertModel.Output bert) {}

    public BertForPreTraining(BertConfig config, Generator g) {
        super(config);
        bert = registerModule("bert", new BertModel(config, true, g));
        cls = registerModule("cls", new Heads(config, bert.wordEmbeddings(), g));
        initWeights(cls, config, g);
    }

    public BertForPreTraining(BertConfig config) {
        this(config, Generator.global());
    }

    public static BertForPreTraining fromPretrained(Path dir) throws IOException {
        return BertFiles.load(dir, c -> new BertForPreTraining(c, new Generator(0))).model();
    }

    public Output forward(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask) {
        BertModel.Output out = bert.forward(inputIds, tokenTypeIds, attentionMask);
        return new Output(cls.predictions.forward(out.lastHiddenState()), cls.seq_relationship.forward(out.poolerOutput()), out);
    }

    /**
     * Hugging Face's pretraining loss: the mean cross-entropy of the MLM logits at the positions whose label is not
     * -100, plus (when nextSentenceLabels is not null) the NSP cross-entropy of labels (B) in {0, 1}.
     */
    public static Tensor loss(Output out, IntTensor mlmLabels, IntTensor nextSentenceLabels) {
        Tensor loss = BertForMaskedLM.loss(out.predictionLogits(), mlmLabels);
        return nextSentenceLabels == null ? loss : loss.add(nsp(out.seqRelationshipLogits(), nextSentenceLabels));
    }

    /**
     * The pretraining loss without the full MLM logits: the value and gradients of loss(forward(...), mlmLabels,
     * nextSentenceLabels), with the vocabulary-sized decoder run only at the labelled positions.
     */
    public Tensor pretrainingLoss(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask, IntTensor mlmLabels,
                                  IntTensor nextSentenceLabels) {
        Losses l = pretrainingLosses(inputIds, tokenTypeIds, attentionMask, mlmLabels, nextSentenceLabels);
        return l.nsp() == null ? l.mlm() : l.mlm().add(l.nsp());
    }

    /** The two terms of {@link #pretrainingLoss}; nsp is null when nextSentenceLabels is. */
    public record Losses(Tensor mlm, Tensor nsp) {}

    public Losses pretrainingLosses(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask, IntTensor mlmLabels,
                                    IntTensor nextSentenceLabels) {
        BertModel.Output out = bert.forward(inputIds, tokenTypeIds, attentionMask);
        Tensor mlm = cls.predictions.maskedLoss(out.lastHiddenState(), mlmLabels);
        return new Losses(mlm, nextSentenceLabels == null ? null : nsp(cls.seq_relationship.forward(out.poolerOutput()), nextSentenceLabels));
    }

    private static Tensor nsp(Tensor logits, IntTensor labels) {
        return F.crossEntropy(logits, labels, Reduction.MEAN, DynamicMasking.IGNORE, 0f);
    }

    /** cls: predictions (the MLM head) and seq_relationship (the NSP classifier). */
    static final class Heads extends Module {
        final LMPredictionHead predictions;
        final Linear seq_relationship;

        Heads(BertConfig c, Tensor wordEmbeddings, Generator g) {
            predictions = registerModule("predictions", new LMPredictionHead(c, wordEmbeddings, g));
            seq_relationship = registerModule("seq_relationship", new Linear(c.hiddenSize(), 2, true, g));
        }
    }
}
