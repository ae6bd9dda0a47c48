package dev.nabla.models.bert;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.F;
import dev.nabla.nn.Init;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.ModuleList;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * BERT's encoder as Hugging Face's BertModel: word + position + token-type embeddings with LayerNorm, then
 * numHiddenLayers post-LayerNorm layers (x = LN(x + attention(x)), x = LN(x + FFN(x))), and a pooler (tanh of a
 * dense layer on the first, [CLS], token). Parameter names are Hugging Face's ("encoder.layer.0.attention.self.query
 * .weight"), so its model.safetensors loads directly (see {@link BertFiles}). The heads (BertForMaskedLM ...) hold one
 * of these under "bert".
 */
public final class BertModel extends BertPreTrainedModel {
    final Embeddings embeddings;
    final Encoder encoder;
    final Pooler pooler;

    /** What the encoder gives: the last layer's states (B, T, H), the pooled [CLS] (B, H) or null without a pooler,
     *  and when asked for, the embeddings' output and every layer's (numHiddenLayers + 1 tensors), else null. */
    public record Output(Tensor lastHiddenState, Tensor poolerOutput, List<Tensor> hiddenStates) {}

    /** A model with Hugging Face's initialisation: weights N(0, initializerRange), zero biases, LayerNorm 1 and 0. */
    public BertModel(BertConfig config, boolean addPoolingLayer, Generator g) {
        super(config);
        embeddings = registerModule("embeddings", new Embeddings(config, g));
        encoder = registerModule("encoder", new Encoder(config, g));
        pooler = addPoolingLayer ? registerModule("pooler", new Pooler(config, g)) : null;
        initWeights(this, config, g);
        try (var ignored = NoGrad.enter()) {
            Init.constant_(wordEmbeddings().select(0, config.padTokenId()), 0f);
        }
    }

    /** A model without a pooler whose embeddings are another's (ELECTRA's generator shares its discriminator's). */
    BertModel(BertConfig config, Embeddings shared, Generator g) {
        super(config);
        if (shared.c.hiddenSize() != config.hiddenSize() || shared.c.vocabSize() != config.vocabSize())
            throw new IllegalArgumentException("BertModel: shared embeddings of hidden size " + shared.c.hiddenSize() + " and vocabulary "
                    + shared.c.vocabSize() + " do not fit a model of " + config.hiddenSize() + " and " + config.vocabSize());
        embeddings = registerModule("embeddings", shared);
        encoder = registerModule("encoder", new Encoder(config, g));
        pooler = null;
        initWeights(encoder, config, g);
    }

    public BertModel(BertConfig config, Generator g) {
        this(config, true, g);
    }

    public BertModel(BertConfig config) {
        this(config, true, Generator.global());
    }

    /** Loads a Hugging Face BERT directory (config.json, model.safetensors of any BERT architecture; heads ignored). */
    public static BertModel fromPretrained(Path dir) throws IOException {
        return BertFiles.load(dir, c -> new BertModel(c, new Generator(0))).model();
    }

    /** The word embeddings (vocab, H), which the masked-LM head shares. */
    public Tensor wordEmbeddings() {
        return embeddings.word_embeddings.weight;
    }

    /** The position embeddings (max positions, H). */
    public Tensor positionEmbeddings() {
        return embeddings.position_embeddings.weight;
    }

    /** The last hidden state and pooled output of inputIds (B, T); tokenTypeIds and attentionMask (1 = attend) may be null. */
    public Output forward(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask) {
        return forward(inputIds, tokenTypeIds, attentionMask, false);
    }

    /** As {@link #forward(IntTensor, IntTensor, IntTensor)}, with every layer's hidden states when outputHiddenStates. */
    public Output forward(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask, boolean outputHiddenStates) {
        if (inputIds.dim() != 2) throw new IllegalArgumentException("BertModel: expected input_ids (B, T), got " + Shape.str(inputIds.shape()));
        requireShape(tokenTypeIds, inputIds, "token_type_ids");
        requireShape(attentionMask, inputIds, "attention_mask");
        List<Tensor> states = outputHiddenStates ? new ArrayList<>() : null;
        Tensor x = embeddings.forward(inputIds, tokenTypeIds);
        Tensor mask = attentionMask == null ? null : additiveMask(attentionMask);
        for (int l = 0; l < encoder.layer.size(); l++) {
            if (states != null) states.add(x);
            x = ((Layer) encoder.layer.get(l)).forward(x, mask);
        }
        if (states != null) states.add(x);
        return new Output(x, pooler == null ? null : pooler.forward(x), states == null ? null : List.copyOf(states));
    }

    /**
     * Sentence vectors (B, H): the mean of the hidden states (B, T, H) over the positions where attentionMask (B, T)
     * is 1 (all positions when it is null), as sentence-transformers' mean pooling.
     */
    public static Tensor meanPool(Tensor hidden, IntTensor attentionMask) {
        if (attentionMask == null) return hidden.mean(1);
        int b = hidden.size(0), t = hidden.size(1);
        if (attentionMask.dim() != 2 || attentionMask.size(0) != b || attentionMask.size(1) != t)
            throw new IllegalArgumentException("BertModel.meanPool: attention_mask " + Shape.str(attentionMask.shape())
                    + " does not match hidden states " + Shape.str(hidden.shape()));
        Tensor m = attentionMask.toFloat().reshape(b, t, 1);
        return hidden.mul(m).sum(1).div(m.sum(1).clamp(1e-9f, Float.MAX_VALUE));
    }

    private static void requireShape(IntTensor t, IntTensor inputIds, String name) {
        if (t != null && !java.util.Arrays.equals(t.shape(), inputIds.shape()))
            throw new IllegalArgumentException("BertModel: " + name + " " + Shape.str(t.shape()) + " does not match input_ids " + Shape.str(inputIds.shape()));
    }

    /** attention_mask (B, T) of 1 (attend) and 0 (padding) to (B, 1, 1, T): 0, or float32's lowest for padding, as HF. */
    static Tensor additiveMask(IntTensor attentionMask) {
        int b = attentionMask.size(0), t = attentionMask.size(1);
        int[] m = attentionMask.storage();
        float[] add = new float[b * t];
        for (int i = 0; i < add.length; i++) {
            if (m[i] != 0 && m[i] != 1) throw new IllegalArgumentException("BertModel: attention_mask holds " + m[i] + ", expected 0 or 1");
            add[i] = m[i] == 1 ? 0f : -Float.MAX_VALUE;
        }
        return Tensor.wrap(add, b, 1, 1, t);
    }

    static Tensor activation(Tensor x, String hiddenAct) {
        return switch (hiddenAct) {
            case "gelu" -> x.gelu();
            case "gelu_new", "gelu_pytorch_tanh" -> x.gelu("tanh");
            case "relu" -> x.relu();
            default -> throw new IllegalArgumentException("BertModel: hidden_act \"" + hiddenAct + "\" is not supported");
        };
    }

    static LayerNorm layerNorm(BertConfig c) {
        return new LayerNorm(new int[] {c.hiddenSize()}, c.layerNormEps(), true);
    }

    /** word + position + token type, LayerNorm, dropout. */
    static final class Embeddings extends Module {
        final Embedding word_embeddings, position_embeddings, token_type_embeddings;
        final LayerNorm norm;
        final Dropout dropout;
        final BertConfig c;

        Embeddings(BertConfig c, Generator g) {
            this.c = c;
            word_embeddings = registerModule("word_embeddings", new Embedding(c.vocabSize(), c.hiddenSize(), c.padTokenId(), g));
            position_embeddings = registerModule("position_embeddings", new Embedding(c.maxPositionEmbeddings(), c.hiddenSize(), null, g));
            token_type_embeddings = registerModule("token_type_embeddings", new Embedding(c.typeVocabSize(), c.hiddenSize(), null, g));
            norm = registerModule("LayerNorm", layerNorm(c));
            dropout = registerModule("dropout", new Dropout(c.hiddenDropoutProb(), g));
        }

        Tensor forward(IntTensor ids, IntTensor types) {
            int b = ids.size(0), t = ids.size(1);
            if (t > c.maxPositionEmbeddings())
                throw new IllegalArgumentException("BertModel: " + t + " tokens exceed max_position_embeddings " + c.maxPositionEmbeddings());
            check(ids, c.vocabSize(), "token id", "vocab_size");
            if (types != null) check(types, c.typeVocabSize(), "token type id", "type_vocab_size");
            int[] pos = new int[b * t];
            for (int i = 0; i < pos.length; i++) pos[i] = i % t;
            Tensor x = word_embeddings.forward(ids).add(position_embeddings.forward(IntTensor.wrap(pos, b, t)))
                    .add(token_type_embeddings.forward(types != null ? types : IntTensor.zeros(b, t)));
            return dropout.forward(norm.forward(x));
        }

        private static void check(IntTensor ids, int n, String what, String key) {
            for (int id : ids.storage())
                if (id < 0 || id >= n) throw new IllegalArgumentException("BertModel: " + what + " " + id + " is outside [0, " + n + ") (" + key + ")");
        }
    }

    static final class Encoder extends Module {
        final ModuleList layer;

        Encoder(BertConfig c, Generator g) {
            layer = registerModule("layer", new ModuleList());
            for (int i = 0; i < c.numHiddenLayers(); i++) layer.add(new Layer(c, g));
        }
    }

    /** x = LN(x + attention(x)); x = LN(x + output.dense(act(intermediate.dense(x)))). */
    static final class Layer extends Module {
        final Attention attention;
        final Intermediate intermediate;
        final AddNorm output;

        Layer(BertConfig c, Generator g) {
            attention = registerModule("attention", new Attention(c, g));
            intermediate = registerModule("intermediate", new Intermediate(c, g));
            output = registerModule("output", new AddNorm(c.intermediateSize(), c, g));
        }

        Tensor forward(Tensor x, Tensor mask) {
            x = attention.forward(x, mask);
            return output.forward(intermediate.forward(x), x);
        }
    }

    /** self: the heads' query, key and value projections; output: the projection back, residual and LayerNorm. */
    static final class Attention extends Module {
        final SelfAttention self;
        final AddNorm output;

        Attention(BertConfig c, Generator g) {
            self = registerModule("self", new SelfAttention(c, g));
            output = registerModule("output", new AddNorm(c.hiddenSize(), c, g));
        }

        Tensor forward(Tensor x, Tensor mask) {
            return output.forward(self.forward(x, mask), x);
        }
    }

    static final class SelfAttention extends Module {
        final Linear query, key, value;
        final int heads;
        final float dropout;

        SelfAttention(BertConfig c, Generator g) {
            query = registerModule("query", new Linear(c.hiddenSize(), c.hiddenSize(), true, g));
            key = registerModule("key", new Linear(c.hiddenSize(), c.hiddenSize(), true, g));
            value = registerModule("value", new Linear(c.hiddenSize(), c.hiddenSize(), true, g));
            heads = c.numAttentionHeads();
            dropout = c.attentionProbsDropoutProb();
        }

        /** x (B, T, H) to the heads' outputs side by side (B, T, H); mask (B, 1, 1, T) is added to the scores. */
        Tensor forward(Tensor x, Tensor mask) {
            int b = x.size(0), t = x.size(1), h = x.size(2);
            Tensor y = F.scaledDotProductAttention(split(query.forward(x), b, t), split(key.forward(x), b, t), split(value.forward(x), b, t),
                    mask, isTraining() ? dropout : 0f, false, null, null);
            return y.transpose(1, 2).reshape(b, t, h);
        }

        private Tensor split(Tensor x, int b, int t) { // (B, T, H) to (B, heads, T, H / heads)
            return x.reshape(b, t, heads, x.size(2) / heads).transpose(1, 2);
        }
    }

    static final class Intermediate extends Module {
        final Linear dense;
        final String act;

        Intermediate(BertConfig c, Generator g) {
            dense = registerModule("dense", new Linear(c.hiddenSize(), c.intermediateSize(), true, g));
            act = c.hiddenAct();
        }

        @Override
        public Tensor forward(Tensor x) {
            return activation(dense.forward(x), act);
        }
    }

    /** LN(residual + dropout(dense(x))): BertSelfOutput and BertOutput. */
    static final class AddNorm extends Module {
        final Linear dense;
        final LayerNorm norm;
        final Dropout dropout;

        AddNorm(int in, BertConfig c, Generator g) {
            dense = registerModule("dense", new Linear(in, c.hiddenSize(), true, g));
            norm = registerModule("LayerNorm", layerNorm(c));
            dropout = registerModule("dropout", new Dropout(c.hiddenDropoutProb(), g));
        }

        Tensor forward(Tensor x, Tensor residual) {
            return norm.forward(dropout.forward(dense.forward(x)).add(residual));
        }
    }

    /** tanh(dense(x[:, 0])). */
    static final class Pooler extends Module {
        final Linear dense;

        Pooler(BertConfig c, Generator g) {
            dense = registerModule("dense", new Linear(c.hiddenSize(), c.hiddenSize(), true, g));
        }

        @Override
        public Tensor forward(Tensor hidden) {
            return dense.forward(hidden.select(1, 0)).tanh();
        }
    }
}
