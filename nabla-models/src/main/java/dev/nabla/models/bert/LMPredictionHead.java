package dev.nabla.models.bert;

import dev.nabla.nn.F;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * cls.predictions of Hugging Face's BERT: transform (dense, activation, LayerNorm), then the decoder, whose weight is
 * the word embeddings (tied, so not a parameter of its own) and whose bias is "bias".
 */
final class LMPredictionHead extends Module {
    final Transform transform;
    final Tensor bias;
    private final Tensor decoder;

    LMPredictionHead(BertConfig c, Tensor wordEmbeddings, Generator g) {
        transform = registerModule("transform", new Transform(c, g));
        bias = registerParameter("bias", Tensor.zeros(c.vocabSize()));
        decoder = wordEmbeddings;
    }

    /** Hidden states (..., H) to logits over the vocabulary (..., vocab). */
    @Override
    public Tensor forward(Tensor hidden) {
        return F.linear(transform.forward(hidden), decoder, bias);
    }

    static final class Transform extends Module {
        final Linear dense;
        final LayerNorm norm;
        final String act;

        Transform(BertConfig c, Generator g) {
            dense = registerModule("dense", new Linear(c.hiddenSize(), c.hiddenSize(), true, g));
            norm = registerModule("LayerNorm", BertModel.layerNorm(c));
            act = c.hiddenAct();
        }

        @Override
        public Tensor forward(Tensor x) {
            return norm.forward(BertModel.activation(dense.forward(x), act));
        }
    }
}
