package dev.nabla.models.bert;

import dev.nabla.models.TokenSampler;
import dev.nabla.nn.F;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.Reduction;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * ELECTRA's pretraining (Clark et al., 2020): a small masked-LM generator fills the masked positions with tokens
 * sampled from its predictions, and the discriminator, a BERT, tells for every token whether it is the original or
 * a replacement (replaced-token detection). The discriminator learns from every token, not only the 15% masked,
 * which is why the paper finds it learns more per step than BERT's masked LM (on the Javadoc, within half an hour,
 * it had not yet left the prior: docs/performance.md). The two share the embeddings (the generator's decoder is
 * tied to them too); the loss is the generator's masked-LM loss plus {@link #DISCRIMINATOR_WEIGHT} times the
 * discriminator's binary cross-entropy, and no gradient flows through the sampling. After pretraining the
 * discriminator ("bert") is the encoder to fine-tune; the generator is a BertForMaskedLM of its own.
 */
public final class ElectraPretraining extends BertPreTrainedModel {
    /** ELECTRA's λ: the discriminator's loss is about 50 times smaller than the generator's. */
    public static final double DISCRIMINATOR_WEIGHT = 50;

    /** The discriminator's encoder, which fine-tuning keeps. */
    public final BertModel bert;
    final DiscriminatorHead discriminator_predictions;
    /** The generator: generatorLayers layers of the discriminator's width on its embeddings. */
    public final BertForMaskedLM generator;

    /** A discriminator of config and a generator of generatorLayers layers of the same width. */
    public ElectraPretraining(BertConfig config, int generatorLayers, Generator g) {
        super(config);
        if (generatorLayers <= 0) throw new IllegalArgumentException("ElectraPretraining: the generator needs at least one layer, got " + generatorLayers);
        bert = registerModule("bert", new BertModel(config, false, g));
        discriminator_predictions = registerModule("discriminator_predictions", new DiscriminatorHead(config, g));
        initWeights(discriminator_predictions, config, g);
        generator = registerModule("generator", new BertForMaskedLM(config.withLayers(generatorLayers), bert.embeddings, g));
    }

    /**
     * One pass of both: the generator's masked-LM loss and logits (n, vocab) at the n masked positions with their
     * targets (n); the discriminator's input (B, T), its logits (B, T), whether each token was replaced (B, T) and
     * its mean binary cross-entropy over the tokens that are not padding.
     */
    public record Output(Tensor mlm, Tensor generatorLogits, IntTensor targets, IntTensor corrupted, Tensor discriminatorLogits,
                         Tensor replaced, Tensor rtd) {
        /** What pretraining minimises. */
        public Tensor loss() {
            return mlm.add(rtd.mul((float) DISCRIMINATOR_WEIGHT));
        }
    }

    /**
     * inputIds (B, T) masked by {@link DynamicMasking}, whose labels (B, T) hold the original tokens at the masked
     * positions; the replacements are drawn from the generator's softmax with sampling.
     */
    public Output forward(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask, IntTensor labels, Generator sampling) {
        Tensor hidden = generator.bert.forward(inputIds, tokenTypeIds, attentionMask).lastHiddenState();
        LMPredictionHead.Masked m = LMPredictionHead.Masked.of(labels, hidden);
        Tensor logits = generator.cls.predictions.maskedLogits(hidden, m);
        Tensor mlm = F.crossEntropy(logits, m.target(), Reduction.MEAN, DynamicMasking.IGNORE, 0f);

        int[] ids = inputIds.toArray(), l = labels.storage(), at = m.at().storage();
        for (int i = 0; i < ids.length; i++) if (l[i] != DynamicMasking.IGNORE) ids[i] = l[i]; // the original text
        float[] replaced = new float[ids.length];
        float[] z = logits.toArray(); // values only: no gradient flows through the sampling
        int v = logits.size(1);
        for (int j = 0; j < at.length; j++) {
            int token = TokenSampler.pick(Arrays.copyOfRange(z, j * v, (j + 1) * v), 1.0, 0, 1.0, sampling);
            if (token != ids[at[j]]) replaced[at[j]] = 1; // a sample equal to the original counts as original, as ELECTRA's
            ids[at[j]] = token;
        }
        IntTensor corrupted = IntTensor.wrap(ids, inputIds.shape());
        Tensor d = discriminator_predictions.forward(bert.forward(corrupted, tokenTypeIds, attentionMask).lastHiddenState());
        Tensor isReplaced = Tensor.wrap(replaced, inputIds.shape());
        IntTensor real = realTokens(attentionMask, ids.length);
        Tensor rtd = F.binaryCrossEntropyWithLogits(d.reshape(-1).indexSelect(0, real), isReplaced.reshape(-1).indexSelect(0, real), null, Reduction.MEAN);
        return new Output(mlm, logits, m.target(), corrupted, d, isReplaced, rtd);
    }

    /** Flat indices of the tokens that are not padding (all when attentionMask is null). */
    static IntTensor realTokens(IntTensor attentionMask, int n) {
        int[] mask = attentionMask == null ? null : attentionMask.storage();
        int[] at = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) if (mask == null || mask[i] == 1) at[k++] = i;
        return IntTensor.wrap(Arrays.copyOf(at, k), k);
    }

    /**
     * The discriminator as a BERT in dir (config.json, model.safetensors: it loads as any BertModel, for fine-tuning)
     * and the generator as a BertForMaskedLM in dir/generator.
     */
    @Override
    public void save(Path dir) throws IOException {
        bert.save(dir);
        generator.save(generatorDir(dir));
    }

    /** Where {@link #save} puts the generator: dir/generator. */
    public static Path generatorDir(Path dir) {
        return dir.resolve("generator");
    }

    /** Hugging Face's ElectraDiscriminatorPredictions: dense, activation, dense_prediction to one logit per token. */
    static final class DiscriminatorHead extends Module {
        final Linear dense, dense_prediction;
        final String act;

        DiscriminatorHead(BertConfig c, Generator g) {
            dense = registerModule("dense", new Linear(c.hiddenSize(), c.hiddenSize(), true, g));
            dense_prediction = registerModule("dense_prediction", new Linear(c.hiddenSize(), 1, true, g));
            act = c.hiddenAct();
        }

        /** Hidden states (B, T, H) to logits (B, T). */
        @Override
        public Tensor forward(Tensor hidden) {
            Tensor y = dense_prediction.forward(BertModel.activation(dense.forward(hidden), act));
            return y.reshape(hidden.size(0), hidden.size(1));
        }
    }
}
