package dev.nabla.models;

import dev.nabla.nn.Dropout;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.GRU;
import dev.nabla.nn.LSTM;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.RNNBase;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/**
 * A recurrent language model over token ids (characters as char-rnn, or words as the PyTorch word_language_model
 * example): Embedding(vocab, embed) → LSTM or GRU(embed, hidden, layers, batch_first) → Linear(hidden, vocab). The recurrent state is returned so that training can carry it across
 * consecutive batches of the same streams (truncated back-propagation through time).
 */
public final class RnnLM extends Module {
    public enum Cell { LSTM, GRU }

    /**
     * The architecture; vocab is the number of distinct tokens. dropout (in training only) acts on the embeddings,
     * between recurrent layers and before the output layer, as in Zaremba et al.'s regularised LSTM language model.
     */
    public record Config(int vocab, int embed, int hidden, int layers, Cell cell, float dropout) {
        public Config {
            if (vocab <= 0 || embed <= 0 || hidden <= 0 || layers <= 0)
                throw new IllegalArgumentException("RnnLM: sizes must be > 0, got vocab=" + vocab + ", embed=" + embed
                        + ", hidden=" + hidden + ", layers=" + layers);
            if (cell == null) throw new IllegalArgumentException("RnnLM: cell must be LSTM or GRU");
            if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("RnnLM: dropout must be in [0, 1), got " + dropout);
        }

        public Config(int vocab, int embed, int hidden, int layers, Cell cell) {
            this(vocab, embed, hidden, layers, cell, 0f);
        }

        public Config(int vocab, int hidden, int layers) {
            this(vocab, 64, hidden, layers, Cell.LSTM);
        }
    }

    /** Hidden states (layers, batch, hidden); c is the LSTM's cell state, null for a GRU. null State means zeros. */
    public record State(Tensor h, Tensor c) {
        /** The same values cut from the graph, so the next batch's backward pass stops here. */
        public State detach() {
            return new State(h.detach(), c == null ? null : c.detach());
        }
    }

    /** Logits (batch, steps, vocab) and the state after the last step. */
    public record Output(Tensor logits, State state) {}

    public final Config config;
    private final Generator generator;
    private final Embedding embed;
    private final Dropout drop;
    private final RNNBase rnn;
    private final Linear head;

    /** g draws the initial weights, then the dropout masks. */
    public RnnLM(Config config, Generator g) {
        this.config = config;
        generator = g;
        float p = config.dropout();
        embed = registerModule("embed", new Embedding(config.vocab(), config.embed(), null, g));
        drop = registerModule("drop", new Dropout(p, g));
        rnn = registerModule("rnn", config.cell() == Cell.LSTM
                ? new LSTM(config.embed(), config.hidden(), config.layers(), true, true, p, false, g)
                : new GRU(config.embed(), config.hidden(), config.layers(), true, true, p, false, g));
        head = registerModule("head", new Linear(config.hidden(), config.vocab(), true, g));
    }

    /** The generator of the dropout masks, whose state a resumable checkpoint keeps. */
    public Generator generator() {
        return generator;
    }

    /** Logits for ids (batch, steps), starting from {@code state} (null: zeros). */
    public Output forward(IntTensor ids, State state) {
        if (ids.dim() != 2)
            throw new IllegalArgumentException("RnnLM: ids must be (batch, steps), got " + ids.dim() + " dimensions");
        int batch = ids.size(0), steps = ids.size(1);
        Tensor x = drop.forward(embed.forward(ids));
        RNNBase.Output o = rnn instanceof LSTM lstm
                ? lstm.forward(x, state == null ? null : state.h(), state == null ? null : state.c())
                : ((GRU) rnn).forward(x, state == null ? null : state.h());
        Tensor logits = head.forward(drop.forward(o.output()).reshape(batch * steps, config.hidden())).reshape(batch, steps, config.vocab());
        return new Output(logits, new State(o.hn(), o.cn()));
    }

    @Override
    public Tensor forward(IntTensor ids) {
        return forward(ids, null).logits();
    }
}
