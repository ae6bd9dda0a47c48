package dev.nabla.models.gpt;

import dev.nabla.autograd.NoGrad;
import dev.nabla.models.TokenSampler;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.TextTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Text generation with a {@link GPT}: the prompts (left-padded to one length) go through the model in one forward
 * that fills the key/value cache, then each step feeds only the new token of every row. Token choice follows
 * {@link GenerationConfig}; each row ends on its own (end of text, stop string, sink), and text is streamed to a
 * callback as whole characters, holding back what might begin a stop string.
 */
public final class Generation {
    private Generation() {}

    /** Told each new token of a row; returns false to end that row. */
    @FunctionalInterface
    public interface TokenSink {
        boolean accept(int row, int token);
    }

    /** The new token ids of each prompt (ids), ending at eos (included) or when sink says so. */
    public static int[][] generate(GPT model, int[][] prompts, GenerationConfig cfg, TokenSink sink) {
        int b = prompts.length, len = 0;
        if (b == 0) return new int[0][];
        for (int[] p : prompts) {
            if (p.length == 0) throw new IllegalArgumentException("generate: a prompt must hold at least one token");
            len = Math.max(len, p.length);
        }
        int ctx = model.config.nPositions();
        if (len > ctx)
            throw new IllegalArgumentException("generate: a prompt of " + len + " tokens exceeds the model's context of " + ctx + " positions");
        int v = model.config.vocabSize();
        int[] pad = new int[b], ids = new int[b * len];
        List<List<Integer>> out = new ArrayList<>();
        boolean[][] seen = new boolean[b][v];
        for (int r = 0; r < b; r++) {
            pad[r] = len - prompts[r].length;
            System.arraycopy(prompts[r], 0, ids, r * len + pad[r], prompts[r].length);
            for (int id : prompts[r]) {
                if (id < 0 || id >= v) throw new IllegalArgumentException("generate: token id " + id + " is outside [0, " + v + ")");
                seen[r][id] = true;
            }
            out.add(new ArrayList<>());
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        Generator g = new Generator(cfg.seed());
        boolean[] done = new boolean[b];
        int alive = b;
        try (var ignored = NoGrad.enter()) {
            GPT.Cache cache = model.newCache(pad);
            Tensor hidden = model.hidden(IntTensor.wrap(ids, b, len), cache);
            for (int step = 0; step < cfg.maxNewTokens() && alive > 0; step++) {
                float[] logits = model.logits(hidden.narrow(1, hidden.size(1) - 1, 1)).contiguous().toArray(); // (B, 1, V)
                int[] next = new int[b];
                for (int r = 0; r < b; r++) {
                    if (done[r]) continue;
                    float[] row = Arrays.copyOfRange(logits, r * v, (r + 1) * v);
                    penalise(row, seen[r], cfg.repetitionPenalty());
                    int t = TokenSampler.pick(row, cfg.temperature(), cfg.topK(), cfg.topP(), g);
                    next[r] = t;
                    seen[r][t] = true;
                    out.get(r).add(t);
                    if (t == cfg.eosTokenId() | !sink.accept(r, t)) {
                        done[r] = true;
                        alive--;
                    }
                }
                if (alive == 0 || step + 1 == cfg.maxNewTokens()) break;
                if (len + step + 1 <= ctx) {
                    hidden = model.hidden(IntTensor.wrap(next, b, 1), cache);
                } else { // the context is full: as nanoGPT, the model sees each row's last ctx tokens, from position 0
                    int[] window = new int[b * ctx], windowPad = new int[b];
                    for (int r = 0; r < b; r++) {
                        int[] all = new int[prompts[r].length + out.get(r).size()];
                        System.arraycopy(prompts[r], 0, all, 0, prompts[r].length);
                        for (int i = 0; i < out.get(r).size(); i++) all[prompts[r].length + i] = out.get(r).get(i);
                        int n = Math.min(ctx, all.length);
                        windowPad[r] = ctx - n;
                        System.arraycopy(all, all.length - n, window, r * ctx + windowPad[r], n);
                    }
                    cache = model.newCache(windowPad);
                    hidden = model.hidden(IntTensor.wrap(window, b, ctx), cache);
                }
            }
        } finally {
            model.train(wasTraining);
        }
        int[][] res = new int[b][];
        for (int r = 0; r < b; r++) res[r] = out.get(r).stream().mapToInt(Integer::intValue).toArray();
        return res;
    }

    /** Hugging Face's repetition penalty: logits of tokens already present shrink towards (or further below) zero. */
    static void penalise(float[] logits, boolean[] seen, double penalty) {
        if (penalty == 1) return;
        for (int i = 0; i < logits.length; i++)
            if (seen[i]) logits[i] = (float) (logits[i] < 0 ? logits[i] * penalty : logits[i] / penalty);
    }

    /** The text generated after the prompt, streamed to onText (may be null) piece by piece. */
    public static String generate(GPT model, String prompt, GenerationConfig cfg, Consumer<String> onText) {
        return generate(model, List.of(prompt), cfg, onText == null ? null : (r, s) -> onText.accept(s)).get(0);
    }

    /** The text generated after each prompt, in one batch; onText (may be null) receives each row's pieces. */
    public static List<String> generate(GPT model, List<String> prompts, GenerationConfig cfg, BiConsumer<Integer, String> onText) {
        TextTokenizer tok = model.tokenizer();
        if (tok == null) throw new IllegalArgumentException("generate: the model has no tokenizer (vocab.json + merges.txt, or char_vocab.json)");
        int[][] ids = new int[prompts.size()][];
        TextStream[] streams = new TextStream[prompts.size()];
        for (int r = 0; r < ids.length; r++) {
            try {
                ids[r] = tok.encode(prompts.get(r));
            } catch (IllegalArgumentException e) { // a character the model's characters lack
                throw new IllegalArgumentException("generate: prompt " + (r + 1) + ": " + e.getMessage(), e);
            }
            int row = r;
            streams[r] = new TextStream(tok, cfg.stop(), onText == null ? s -> {} : s -> onText.accept(row, s));
        }
        generate(model, ids, cfg, (r, t) -> streams[r].accept(t));
        List<String> out = new ArrayList<>();
        for (TextStream s : streams) out.add(s.finish());
        return out;
    }

    /**
     * One row's generated tokens as text: whole characters, cut before the first stop string. The tokens so far are
     * decoded together each time, since a character may span tokens (UTF-8 bytes in BPE, surrogate pairs in characters).
     */
    static final class TextStream {
        private final TextTokenizer tok;
        private final List<String> stop;
        private final Consumer<String> sink;
        private int[] ids = new int[16];
        private int n, emitted;
        private String stopped;

        TextStream(TextTokenizer tok, List<String> stop, Consumer<String> sink) {
            this.tok = tok;
            this.stop = stop;
            this.sink = sink;
        }

        /** Adds a token; false once the text holds a stop string. */
        boolean accept(int token) {
            if (n == ids.length) ids = Arrays.copyOf(ids, 2 * n);
            ids[n++] = token;
            String all = tok.decode(Arrays.copyOf(ids, n));
            String text = all.substring(0, complete(all));
            int cut = -1;
            for (String s : stop) {
                int at = text.indexOf(s, Math.max(0, emitted - s.length()));
                if (at >= 0 && (cut < 0 || at < cut)) cut = at;
            }
            if (cut >= 0) {
                stopped = text.substring(0, cut);
                emit(stopped, cut);
                return false;
            }
            emit(text, text.length() - heldBack(text));
            return true;
        }

        /** The whole text (an incomplete trailing character as U+FFFD); emits what was held back. */
        String finish() {
            if (stopped != null) return stopped;
            String text = tok.decode(Arrays.copyOf(ids, n));
            emit(text, text.length());
            return text;
        }

        private void emit(String text, int upTo) {
            if (upTo > emitted) sink.accept(text.substring(emitted, upTo));
            emitted = Math.max(emitted, upTo);
        }

        /** The length of the longest end of text that begins a stop string. */
        private int heldBack(String text) {
            int held = 0;
            for (String s : stop)
                for (int k = Math.min(s.length() - 1, text.length()); k > held; k--)
                    if (text.endsWith(s.substring(0, k))) {
                        held = k;
                        break;
                    }
            return held;
        }

        /**
         * The length of text without what the next token may still change: trailing U+FFFD (the bytes of a character
         * not yet complete) and a trailing high surrogate.
         */
        static int complete(String text) {
            int end = text.length();
            while (end > 0 && text.charAt(end - 1) == '\uFFFD') end--;
            if (end > 0 && end == text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end--;
            return end;
        }
    }
}
