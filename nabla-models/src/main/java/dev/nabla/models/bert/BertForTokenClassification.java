package dev.nabla.models.bert;

import dev.nabla.nn.Dropout;
import dev.nabla.nn.Linear;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * BERT for labelling every token (named entities, parts of speech), as Hugging Face's BertForTokenClassification:
 * no pooler; dropout and a linear classifier (numLabels outputs) on each last hidden state.
 */
public final class BertForTokenClassification extends BertPreTrainedModel {
    public final BertModel bert;
    final Dropout dropout;
    final Linear classifier;

    public BertForTokenClassification(BertConfig config, Generator g) {
        super(config);
        bert = registerModule("bert", new BertModel(config, false, g));
        dropout = registerModule("dropout", new Dropout(config.classifierDropoutOrDefault(), g));
        classifier = registerModule("classifier", new Linear(config.hiddenSize(), config.numLabels(), true, g));
        initWeights(classifier, config, g);
    }

    public BertForTokenClassification(BertConfig config) {
        this(config, Generator.global());
    }

    public static BertForTokenClassification fromPretrained(Path dir) throws IOException {
        return BertFiles.load(dir, c -> new BertForTokenClassification(c, new Generator(0))).model();
    }

    /** Logits (B, T, numLabels). */
    public Tensor forward(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask) {
        return classifier.forward(dropout.forward(bert.forward(inputIds, tokenTypeIds, attentionMask).lastHiddenState()));
    }
}
