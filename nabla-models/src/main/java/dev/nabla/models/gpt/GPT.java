package dev.nabla.models.gpt;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.Dropout;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.F;
import dev.nabla.nn.Init;
import dev.nabla.nn.KVCache;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.ModuleList;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.TextTokenizer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * GPT-2 in the spirit of nanoGPT: token and learned position embeddings, nLayer pre-LayerNorm blocks of causal
 * multi-head self-attention and a GELU (tanh) MLP, a final LayerNorm and a language-model head tied to the token
 * embedding. Parameter names are Hugging Face GPT2LMHeadModel's ("h.0.attn.c_attn.weight"), so {@link #fromPretrained}
 * and {@link #save} read and write its model.safetensors directly (see {@link GPTFiles}). Decoding reuses each
 * layer's keys and values through a {@link Cache}.
 */
public final class GPT extends Module {
    public final GPTConfig config;
    final Embedding wte, wpe;
    final Dropout drop;
    final ModuleList h;
    final LayerNorm ln_f;
    private TextTokenizer tokenizer;

    /** A model with GPT-2's initialisation: N(0, 0.02), residual projections scaled by 1/√(2·nLayer), zero biases. */
    public GPT(GPTConfig config, Generator g) {
        this.config = config;
        int c = config.nEmbd();
        wte = registerModule("wte", new Embedding(config.vocabSize(), c, null, g));
        wpe = registerModule("wpe", new Embedding(config.nPositions(), c, null, g));
        drop = registerModule("drop", new Dropout(config.dropout(), g));
        h = registerModule("h", new ModuleList());
        for (int i = 0; i < config.nLayer(); i++) h.add(new Block(config, g));
        ln_f = registerModule("ln_f", new LayerNorm(new int[] {c}, config.layerNormEpsilon(), true));
        float std = 0.02f, residStd = (float) (0.02 / Math.sqrt(2.0 * config.nLayer()));
        try (var ignored = NoGrad.enter()) {
            namedParameters().forEach((name, p) -> {
                if (name.contains("ln_")) return;
                if (name.endsWith(".bias")) p.zero_();
                else Init.normal_(p, 0f, name.endsWith("c_proj.weight") ? residStd : std, g);
            });
        }
    }

    public GPT(GPTConfig config) {
        this(config, Generator.global());
    }

    /**
     * Loads a Hugging Face GPT-2 directory: config.json, model.safetensors, and the tokenizer when present (vocab.json +
     * merges.txt, or nabla's char_vocab.json; see {@link GPTFiles}).
     */
    public static GPT fromPretrained(Path dir) throws IOException {
        return GPTFiles.load(dir);
    }

    /** Writes config.json and model.safetensors (Hugging Face's layout), and the tokenizer when the model has one. */
    public void save(Path dir) throws IOException {
        GPTFiles.save(this, dir);
    }

    /** The tokenizer loaded with the model (byte-level BPE or characters), or null. */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public GPT tokenizer(TextTokenizer t) {
        if (t != null && t.size() > config.vocabSize())
            throw new IllegalArgumentException("GPT: the tokenizer has " + t.size() + " tokens, the model only " + config.vocabSize());
        tokenizer = t;
        return this;
    }

    /** Logits (B, T, vocab) of ids (B, T), without cache. */
    @Override
    public Tensor forward(IntTensor ids) {
        return logits(hidden(ids, null));
    }

    /** Logits (B, T, vocab) of ids (B, T) that follow the cache's positions; the cache then holds them too. */
    public Tensor forward(IntTensor ids, Cache cache) {
        return logits(hidden(ids, cache));
    }

    /** The language-model head, tied to the token embedding: x (..., C) to logits (..., vocab). */
    public Tensor logits(Tensor x) {
        return F.linear(x, wte.weight, null);
    }

    /** The final hidden states (B, T, C) after ln_f; with a cache, ids continue the cached positions. */
    public Tensor hidden(IntTensor ids, Cache cache) {
        if (ids.dim() != 2) throw new IllegalArgumentException("GPT: expected ids (B, T), got " + Shape.str(ids.shape()));
        int b = ids.size(0), t = ids.size(1), past = cache == null ? 0 : cache.length();
        if (cache != null && cache.pad != null && cache.pad.length != b)
            throw new IllegalArgumentException("GPT: the cache was made for " + cache.pad.length + " rows, got ids " + Shape.str(ids.shape()));
        int[] pad = cache == null || cache.pad == null ? new int[b] : cache.pad;
        if (past + t > config.nPositions())
            throw new IllegalArgumentException("GPT: " + (past + t) + " positions exceed the model's n_positions " + config.nPositions());
        for (int id : ids.storage())
            if (id < 0 || id >= config.vocabSize()) throw new IllegalArgumentException("GPT: token id " + id + " is outside [0, " + config.vocabSize() + ")");
        int[] pos = new int[b * t];
        for (int r = 0; r < b; r++) for (int i = 0; i < t; i++) pos[r * t + i] = Math.max(0, past + i - pad[r]);
        Tensor x = drop.forward(wte.forward(ids).add(wpe.forward(IntTensor.wrap(pos, b, t))));
        Tensor mask = cache == null ? null : cache.mask(b, t, past);
        boolean causal = mask == null && past == 0 && t > 1;
        for (int l = 0; l < h.size(); l++)
            x = ((Block) h.get(l)).forward(x, cache == null ? null : cache.layers[l], mask, causal);
        return ln_f.forward(x);
    }

    /** A fresh cache for rows without padding. */
    public Cache newCache() {
        return new Cache(config.nLayer(), null);
    }

    /**
     * A fresh cache for a batch whose row r starts with padLeft[r] pad tokens (left padding): those positions are
     * never attended to and the row's positions count from its first real token, so each row computes as if alone.
     */
    public Cache newCache(int[] padLeft) {
        return new Cache(config.nLayer(), padLeft.clone());
    }

    /** The keys and values of every layer for the positions seen so far, and the rows' left padding. */
    public static final class Cache {
        final KVCache[] layers;
        final int[] pad;

        Cache(int nLayer, int[] pad) {
            layers = new KVCache[nLayer];
            for (int i = 0; i < nLayer; i++) layers[i] = KVCache.appending();
            this.pad = pad;
        }

        public int length() {
            return layers.length == 0 ? 0 : layers[0].length();
        }

        /**
         * Additive mask (B, 1, T, S) for t new queries after past cached positions, or null when plain causality
         * (past = 0) or nothing (t = 1) suffices: query i sees key j ≤ past + i that is not padding.
         */
        Tensor mask(int b, int t, int past) {
            boolean padded = pad != null && java.util.Arrays.stream(pad).anyMatch(p -> p > 0);
            if (!padded && (past == 0 || t == 1)) return null;
            int s = past + t;
            float[] m = new float[b * t * s];
            for (int r = 0; r < b; r++)
                for (int i = 0; i < t; i++)
                    for (int j = 0; j < s; j++)
                        if (j > past + i || (pad != null && j < pad[r])) m[(r * t + i) * s + j] = Float.NEGATIVE_INFINITY;
            return Tensor.wrap(m, b, 1, t, s);
        }
    }

    /** x + attn(ln_1(x)), then + mlp(ln_2(x)). */
    static final class Block extends Module {
        final LayerNorm ln_1, ln_2;
        final Attention attn;
        final Mlp mlp;

        Block(GPTConfig c, Generator g) {
            ln_1 = registerModule("ln_1", new LayerNorm(new int[] {c.nEmbd()}, c.layerNormEpsilon(), true));
            attn = registerModule("attn", new Attention(c, g));
            ln_2 = registerModule("ln_2", new LayerNorm(new int[] {c.nEmbd()}, c.layerNormEpsilon(), true));
            mlp = registerModule("mlp", new Mlp(c, g));
        }

        Tensor forward(Tensor x, KVCache kv, Tensor mask, boolean causal) {
            x = x.add(attn.forward(ln_1.forward(x), kv, mask, causal));
            return x.add(mlp.forward(ln_2.forward(x)));
        }
    }

    /** Causal multi-head self-attention: c_attn projects to query, key and value at once, c_proj mixes the heads. */
    static final class Attention extends Module {
        final Linear c_attn, c_proj;
        final Dropout resid;
        final int nHead;
        final float dropout;

        Attention(GPTConfig c, Generator g) {
            c_attn = registerModule("c_attn", new Linear(c.nEmbd(), 3 * c.nEmbd(), c.bias(), g));
            c_proj = registerModule("c_proj", new Linear(c.nEmbd(), c.nEmbd(), c.bias(), g));
            resid = registerModule("resid_dropout", new Dropout(c.dropout(), g));
            nHead = c.nHead();
            dropout = c.dropout();
        }

        /** x (B, T, C) to (B, T, C); kv (may be null) receives this call's keys and values. */
        Tensor forward(Tensor x, KVCache kv, Tensor mask, boolean causal) {
            int b = x.size(0), t = x.size(1), c = x.size(2), d = c / nHead;
            var qkv = c_attn.forward(x).split(c, 2);
            Tensor q = heads(qkv.get(0), b, t, d), k = heads(qkv.get(1), b, t, d), v = heads(qkv.get(2), b, t, d);
            if (kv != null) {
                kv.append(k, v);
                k = kv.keys();
                v = kv.values();
            }
            Tensor y = F.scaledDotProductAttention(q, k, v, mask, isTraining() ? dropout : 0f, causal, null, null); // (B, H, T, D)
            return resid.forward(c_proj.forward(y.transpose(1, 2).reshape(b, t, c)));
        }

        private Tensor heads(Tensor x, int b, int t, int d) { // (B, T, C) to (B, H, T, D)
            return x.reshape(b, t, nHead, d).transpose(1, 2);
        }
    }

    /** c_fc to 4·C, GELU with the tanh approximation (GPT-2's gelu_new), c_proj back to C. */
    static final class Mlp extends Module {
        final Linear c_fc, c_proj;
        final Dropout drop;

        Mlp(GPTConfig c, Generator g) {
            c_fc = registerModule("c_fc", new Linear(c.nEmbd(), 4 * c.nEmbd(), c.bias(), g));
            c_proj = registerModule("c_proj", new Linear(4 * c.nEmbd(), c.nEmbd(), c.bias(), g));
            drop = registerModule("dropout", new Dropout(c.dropout(), g));
        }

        @Override
        public Tensor forward(Tensor x) {
            return drop.forward(c_proj.forward(c_fc.forward(x).gelu("tanh")));
        }
    }
}
