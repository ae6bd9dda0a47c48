package dev.nabla.models.bert;

import dev.nabla.nn.Dropout;
import dev.nabla.nn.Linear;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * BERT for classifying a text (or a pair), as Hugging Face's BertForSequenceClassification: dropout and a linear
 * classifier (numLabels outputs) on the pooled [CLS], or with classifierPooling "mean" on the mean of the token states
 * (padding left out). From a pretraining checkpoint the classifier starts fresh.
 */
public final class BertForSequenceClassification extends BertPreTrainedModel {
    public final BertModel bert;
    final Dropout dropout;
    final Linear classifier;

    public BertForSequenceClassification(BertConfig config, Generator g) {
        super(config);
        bert = registerModule("bert", new BertModel(config, true, g));
        dropout = registerModule("dropout", new Dropout(config.classifierDropoutOrDefault(), g));
        classifier = registerModule("classifier", new Linear(config.hiddenSize(), config.numLabels(), true, g));
        initWeights(classifier, config, g);
    }

    public BertForSequenceClassification(BertConfig config) {
        this(config, Generator.global());
    }

    public static BertForSequenceClassification fromPretrained(Path dir) throws IOException {
        return BertFiles.load(dir, c -> new BertForSequenceClassification(c, new Generator(0))).model();
    }

    /** Logits (B, numLabels). */
    public Tensor forward(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask) {
        BertModel.Output out = bert.forward(inputIds, tokenTypeIds, attentionMask);
        Tensor pooled = config.classifierPooling().equals("mean") ? BertModel.meanPool(out.lastHiddenState(), attentionMask) : out.poolerOutput();
        return classifier.forward(dropout.forward(pooled));
    }
}
