package dev.nabla.models.bert;

import dev.nabla.nn.F;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.Reduction;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
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

    /**
     * The masked-LM loss of hidden states (B, T, H) for labels (B, T): the mean cross-entropy at the positions whose
     * label is not -100, decoding only those (as Google's BERT gathers them before the output layer). The value and
     * gradients are those of the loss over the full logits, for about 15% of the vocabulary-sized decoder's work.
     */
    Tensor maskedLoss(Tensor hidden, IntTensor labels) {
        Masked m = Masked.of(labels, hidden);
        return F.crossEntropy(maskedLogits(hidden, m), m.target(), Reduction.MEAN, DynamicMasking.IGNORE, 0f);
    }

    /** Logits (n, vocab) at the n masked positions of hidden states (B, T, H). */
    Tensor maskedLogits(Tensor hidden, Masked m) {
        return forward(hidden.reshape(-1, hidden.size(-1)).indexSelect(0, m.at()));
    }

    /** The n positions of a (B, T) batch, flattened, whose label is not -100, and those labels: both (n). */
    record Masked(IntTensor at, IntTensor target) {
        static Masked of(IntTensor labels, Tensor hidden) {
            if (labels.numel() * (long) hidden.size(-1) != hidden.numel())
                throw new IllegalArgumentException("masked LM loss: labels " + Shape.str(labels.shape()) + " do not match hidden states " + Shape.str(hidden.shape()));
            int[] l = labels.storage();
            int n = 0;
            for (int v : l) if (v != DynamicMasking.IGNORE) n++;
            int[] at = new int[n], target = new int[n];
            for (int i = 0, j = 0; i < l.length; i++)
                if (l[i] != DynamicMasking.IGNORE) {
                    at[j] = i;
                    target[j++] = l[i];
                }
            return new Masked(IntTensor.wrap(at, n), IntTensor.wrap(target, n));
        }
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
