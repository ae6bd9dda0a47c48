package dev.nabla.text;

import dev.nabla.kernel.VectorOps;
import dev.nabla.text.Word2VecConfig.Architecture;

import java.io.IOException;
import java.util.Arrays;

/**
 * FastText word vectors (Bojanowski et al. 2017) trained as fastText trains them (fasttext.cc, model.cc, loss.cc):
 * a word's input vector is the mean of its own row and its character n-gram rows ({@link Subwords}, rows of a
 * {@link FastTextModel}); skip-gram lets that vector predict each context word, CBOW lets the mean of all the
 * context words' rows predict the word; each prediction is a logistic loss on the target and {@code negative}
 * noise words drawn from a counts^0.5 table (redrawn while equal to the target), and its input gradient is added
 * whole to every row of the mean. Frequent words are {@linkplain Subsampling subsampled} (threshold 1e-4 by
 * default: fastText keeps a word of frequency f with probability sqrt(t/f) + t/f, which is word2vec's formula
 * written otherwise, over all corpus tokens), the window is a random 1..window for each word, the learning rate falls linearly to 0 with the words
 * processed (all threads together), and threads train their own slices of the corpus on shared weights without
 * locks (Hogwild). With one thread and a seed, training is deterministic.
 * <p>
 * Differences from fastText, none of which changes what is learnt: there is no {@code </s>} token (sentences are
 * kept apart by the corpus itself); the random streams are xorshift64* rather than minstd_rand. In skip-gram
 * fastText recomputes the mean of a word's rows before each of its context words; since each row just received
 * the same gradient, the mean moved by exactly that gradient (scaled for rows listed twice), which is how it is
 * updated here instead: the same values up to float rounding with one thread, without re-reading the rows (with
 * several, writes by other threads in between are not seen until the next word, a Hogwild race either way).
 */
public final class FastText {
    /** fastText's MAX_LINE_SIZE: longer sentences are trained in pieces. */
    static final int MAX_SENTENCE = 1024;
    /** Words a thread processes between updates of the shared word count (fastText's lrUpdateRate). */
    private static final int UPDATE_EVERY = 100;

    private FastText() {}

    /**
     * Counts the vocabulary of {@code corpus}, encodes it to ids (two passes over the text), then trains. As in
     * fastText, subsampling frequencies are over all the corpus tokens, those of words below minCount included.
     */
    public static FastTextModel train(Corpus corpus, FastTextConfig config) throws IOException {
        Vocabulary.Counter counter = new Vocabulary.Counter();
        long[] tokens = new long[1];
        corpus.forEachSentence(sentence -> {
            for (String t : sentence) counter.add(t);
            tokens[0] += sentence.size();
        });
        Vocabulary vocabulary = EncodedCorpus.requireWords(counter.vocabulary(config.minCount(), config.maxVocabulary()), corpus,
                config.minCount(), "FastText");
        try (EncodedCorpus encoded = EncodedCorpus.encode(corpus, vocabulary)) {
            return train(encoded, tokens[0], config);
        }
    }

    /** Trains on an encoded corpus (its vocabulary is the model's); config's minCount and maxVocabulary are not used. */
    public static FastTextModel train(EncodedCorpus corpus, FastTextConfig config) throws IOException {
        return train(corpus, corpus.vocabulary().totalCount(), config);
    }

    private static FastTextModel train(EncodedCorpus corpus, long corpusTokens, FastTextConfig config) throws IOException {
        if (corpus.vocabulary().size() < 2)
            throw new IllegalArgumentException("FastText: negative sampling needs at least 2 words in the vocabulary, got "
                    + corpus.vocabulary().size());
        Subwords subwords = config.subwords() ? new Subwords(config.minn(), config.maxn(), config.buckets()) : null;
        FastTextModel model = new FastTextModel(corpus.vocabulary(), subwords, config.dim(), config.seed());
        Shared s = new Shared(corpus, corpusTokens, config, model);
        s.schedule.run("fasttext " + config.architecture(), t -> new Worker(s, t)::run, config.progress());
        return model;
    }

    /** The weights and tables that all threads share. */
    private static final class Shared {
        final FastTextConfig config;
        final Hogwild schedule;
        final float[] input, output;
        final int[] rowStart, rows, table;
        final float[] keep, meanShift;

        Shared(EncodedCorpus corpus, long corpusTokens, FastTextConfig config, FastTextModel model) {
            this.config = config;
            schedule = new Hogwild(corpus, config.threads(), config.epochs(), config.alpha(), 0); // fastText decays to 0
            Vocabulary vocabulary = corpus.vocabulary();
            input = model.input();
            output = new float[vocabulary.size() * config.dim()]; // zeros, as fastText
            rowStart = model.rowStart();
            rows = model.wordRows();
            table = new UnigramTable(vocabulary.counts(), 0.5, config.tableSize()).slots();
            keep = new float[vocabulary.size()];
            for (int w = 0; w < keep.length; w++)
                keep[w] = (float) Subsampling.keepProbability(vocabulary.count(w), corpusTokens, config.sample());
            meanShift = meanShifts(rowStart, rows);
        }

        /**
         * For each word, how far the mean of its rows moves when the gradient is added once per listed row: a row
         * listed k times (an n-gram repeated in the word, or a bucket shared by two n-grams) moves k times and counts
         * k times, so the mean moves by Σk² / (number listed) times the gradient; 1 when no row repeats.
         */
        private static float[] meanShifts(int[] rowStart, int[] rows) {
            float[] shift = new float[rowStart.length - 1];
            for (int w = 0; w < shift.length; w++) {
                int[] r = Arrays.copyOfRange(rows, rowStart[w], rowStart[w + 1]);
                Arrays.sort(r);
                long squares = 0;
                for (int i = 0, j; i < r.length; i = j) {
                    for (j = i; j < r.length && r[j] == r[i]; j++) { }
                    squares += (long) (j - i) * (j - i);
                }
                shift[w] = r.length == 0 ? 0 : (float) squares / r.length;
            }
            return shift;
        }
    }

    /** One training thread: its corpus slice, random stream and scratch vectors. */
    private static final class Worker {
        private static final VectorOps OPS = VectorOps.get();
        private static final float MAX_SIGMOID = 8; // fastText's table: 512 steps over [-8, 8], 0 or 1 outside
        private static final int SIGMOID_STEPS = 512;
        private static final float[] SIGMOID = new float[SIGMOID_STEPS + 1];

        static {
            for (int i = 0; i <= SIGMOID_STEPS; i++) SIGMOID[i] = (float) (1 / (1 + Math.exp(-((double) i * 2 * MAX_SIGMOID / SIGMOID_STEPS - MAX_SIGMOID))));
        }

        private final Shared s;
        private final int id, dim, window, negative, tableSize;
        private final boolean cbow;
        private final float[] input, output, hidden, grad;
        private final int[] rowStart, rows, table, bag;
        private long rng;

        Worker(Shared s, int id) {
            this.s = s;
            this.id = id;
            FastTextConfig c = s.config;
            dim = c.dim();
            window = c.window();
            negative = c.negative();
            cbow = c.architecture() == Architecture.CBOW;
            input = s.input;
            output = s.output;
            rowStart = s.rowStart;
            rows = s.rows;
            table = s.table;
            tableSize = table.length;
            hidden = new float[dim];
            grad = new float[dim];
            int longest = 0;
            for (int w = 0; w + 1 < rowStart.length; w++) longest = Math.max(longest, rowStart[w + 1] - rowStart[w]);
            bag = cbow ? new int[2 * window * longest] : null;
            rng = Hogwild.threadSeed(c.seed(), id) | 1; // xorshift needs a non-zero state
        }

        void run() throws IOException {
            int[] sentence = new int[MAX_SENTENCE];
            s.schedule.epochs(id, MAX_SENTENCE, UPDATE_EVERY, (raw, n, alpha) -> {
                int len = subsample(raw, n, sentence);
                if (cbow) cbow(sentence, len, alpha);
                else skipGram(sentence, len, alpha);
            });
        }

        /** Copies the words of raw[0..n) that survive subsampling into out; returns how many. */
        private int subsample(int[] raw, int n, int[] out) {
            float[] keep = s.keep;
            int len = 0;
            for (int i = 0; i < n; i++) {
                int w = raw[i];
                if (keep[w] < 1 && uniform() > keep[w]) continue; // fastText's discard: rand > p
                out[len++] = w;
            }
            return len;
        }

        private void skipGram(int[] sen, int len, float alpha) {
            for (int pos = 0; pos < len; pos++) {
                int word = sen[pos], b = 1 + below(window);
                int from = rowStart[word], to = rowStart[word + 1];
                float shift = s.meanShift[word];
                int lo = Math.max(0, pos - b), hi = Math.min(len, pos + b + 1);
                boolean fresh = false;
                for (int c = lo; c < hi; c++) {
                    if (c == pos) continue;
                    if (!fresh) {
                        mean(rows, from, to);
                        fresh = true;
                    }
                    Arrays.fill(grad, 0f);
                    negativeSampling(sen[c], alpha);
                    for (int r = from; r < to; r++) OPS.axpy(1f, grad, 0, input, rows[r] * dim, dim);
                    OPS.axpy(shift, grad, 0, hidden, 0, dim); // the mean of the rows just updated
                }
            }
        }

        private void cbow(int[] sen, int len, float alpha) {
            for (int pos = 0; pos < len; pos++) {
                int b = 1 + below(window);
                int n = 0;
                for (int c = Math.max(0, pos - b), hi = Math.min(len, pos + b + 1); c < hi; c++) {
                    if (c == pos) continue;
                    int from = rowStart[sen[c]], k = rowStart[sen[c] + 1] - from;
                    System.arraycopy(rows, from, bag, n, k);
                    n += k;
                }
                if (n == 0) continue; // no context
                mean(bag, 0, n);
                Arrays.fill(grad, 0f);
                negativeSampling(sen[pos], alpha);
                for (int r = 0; r < n; r++) OPS.axpy(1f, grad, 0, input, bag[r] * dim, dim);
            }
        }

        /** hidden = the mean of the input rows r[from..to). */
        private void mean(int[] r, int from, int to) {
            Arrays.fill(hidden, 0f);
            for (int i = from; i < to; i++) OPS.axpy(1f, input, r[i] * dim, hidden, 0, dim);
            OPS.scaleShift(hidden, 0, 1f / (to - from), 0f, hidden, 0, dim);
        }

        /** The target against {@code negative} noise words (each redrawn while it is the target); gradient into grad. */
        private void negativeSampling(int target, float alpha) {
            logistic(target, 1, alpha);
            for (int d = 0; d < negative; d++) {
                int noise;
                do noise = table[below(tableSize)]; while (noise == target);
                logistic(noise, 0, alpha);
            }
        }

        /** fastText's binaryLogistic: one logistic-loss step for output row {@code target} with this label. */
        private void logistic(int target, float label, float alpha) {
            int o = target * dim;
            float x = OPS.dot(hidden, 0, output, o, dim);
            float p = x < -MAX_SIGMOID ? 0 : x > MAX_SIGMOID ? 1 : SIGMOID[(int) ((x + MAX_SIGMOID) * (SIGMOID_STEPS / (2 * MAX_SIGMOID)))];
            float g = alpha * (label - p);
            OPS.axpyPair(g, hidden, 0, output, o, grad, 0, dim);
        }

        /** xorshift64*: the next 64 random bits. */
        private long next() {
            long r = rng;
            r ^= r >>> 12;
            r ^= r << 25;
            r ^= r >>> 27;
            rng = r;
            return r * 0x2545F4914F6CDD1DL;
        }

        /** Uniform in [0, n). */
        private int below(int n) {
            return (int) (((next() >>> 32) * n) >>> 32);
        }

        /** Uniform in [0, 1). */
        private float uniform() {
            return (next() >>> 40) * 0x1p-24f;
        }
    }
}
