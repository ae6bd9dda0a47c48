package dev.nabla.models.gpt;

import dev.nabla.autograd.NoGrad;
import dev.nabla.models.TokenSampler;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.bpe.BpeTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Text generation with a {@link GPT}: the prompts (left-padded to one length) go through the model in one forward
 * that fills the key/value cache, then each step feeds only the new token of every row. Token choice follows
 * {@link GenerationConfig}; text is streamed to a callback as whole UTF-8 characters, holding back what might begin a
 * stop string.
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
        BpeTokenizer tok = model.tokenizer();
        if (tok == null) throw new IllegalArgumentException("generate: the model has no tokenizer (vocab.json + merges.txt)");
        int[][] ids = new int[prompts.size()][];
        TextStream[] streams = new TextStream[prompts.size()];
        for (int r = 0; r < ids.length; r++) {
            ids[r] = tok.encode(prompts.get(r));
            int row = r;
            streams[r] = new TextStream(tok, cfg.stop(), onText == null ? s -> {} : s -> onText.accept(row, s));
        }
        generate(model, ids, cfg, (r, t) -> streams[r].accept(t));
        List<String> out = new ArrayList<>();
        for (TextStream s : streams) out.add(s.finish());
        return out;
    }

    /** One row's generated bytes as text: whole characters, cut before the first stop string. */
    static final class TextStream {
        private final BpeTokenizer tok;
        private final List<String> stop;
        private final Consumer<String> sink;
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private int emitted;
        private String stopped;

        TextStream(BpeTokenizer tok, List<String> stop, Consumer<String> sink) {
            this.tok = tok;
            this.stop = stop;
            this.sink = sink;
        }

        /** Adds a token; false once the text holds a stop string. */
        boolean accept(int token) {
            bytes.writeBytes(tok.decodeBytes(new int[] {token}));
            byte[] all = bytes.toByteArray();
            String text = new String(all, 0, completeUtf8(all), java.nio.charset.StandardCharsets.UTF_8);
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

        /** The whole text (incomplete trailing bytes as U+FFFD); emits what was held back. */
        String finish() {
            if (stopped != null) return stopped;
            String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
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

        /** The length of b without a trailing, still incomplete UTF-8 sequence. */
        static int completeUtf8(byte[] b) {
            for (int i = b.length - 1; i >= Math.max(0, b.length - 4); i--) {
                int c = b[i] & 0xFF;
                if ((c & 0xC0) == 0x80) continue; // continuation byte: look further back for the lead
                int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
                return i + need > b.length ? i : b.length;
            }
            return b.length;
        }
    }
}
