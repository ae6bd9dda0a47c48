package dev.nabla.text;

import dev.nabla.kernel.VectorOps;
import dev.nabla.tensor.Generator;

import java.io.IOException;
import java.util.Arrays;

/**
 * Word2Vec (Mikolov et al. 2013) trained as word2vec.c trains it: CBOW or skip-gram, negative sampling from a
 * unigram^0.75 {@link UnigramTable} and/or hierarchical softmax over a {@link Huffman} tree, frequent words
 * {@linkplain Subsampling subsampled}, a window shrunk by a random 0..window-1 for each word, a learning rate that
 * falls linearly with the words processed (all threads together), and Hogwild threads: each trains on its own slice
 * of the corpus with its own random stream and updates the shared weights without locks. With one thread and a
 * seed, training is deterministic.
 * <p>
 * Differences from word2vec.c, none of which changes what is learnt: there is no {@code </s>} token (sentences are
 * kept apart by the corpus itself, not by a vocabulary word); the random stream is word2vec's 64-bit linear
 * congruential generator, but draws use its high bits (its low 16 bits, which word2vec.c uses for subsampling, have
 * period 2^16); the sigmoid table is read at the exact scale ({@link SigmoidTable}).
 */
public final class Word2Vec {
    /** word2vec.c's MAX_SENTENCE_LENGTH: longer sentences are trained in pieces. */
    static final int MAX_SENTENCE = 1000;
    /** Words a thread processes between updates of the shared word count and its learning rate (as word2vec.c). */
    private static final int UPDATE_EVERY = 10_000;
    private static final long LCG_MUL = 25214903917L, LCG_ADD = 11;

    private Word2Vec() {}

    /** Counts the vocabulary of {@code corpus}, encodes it to ids (two passes over the text), then trains. */
    public static KeyedVectors train(Corpus corpus, Word2VecConfig config) throws IOException {
        try (EncodedCorpus encoded = EncodedCorpus.build(corpus, config.minCount(), config.maxVocabulary(), "Word2Vec")) {
            return train(encoded, config);
        }
    }

    /** Trains on an encoded corpus (its vocabulary is the model's); config's minCount and maxVocabulary are not used. */
    public static KeyedVectors train(EncodedCorpus corpus, Word2VecConfig config) throws IOException {
        Vocabulary vocabulary = corpus.vocabulary();
        int v = vocabulary.size(), dim = config.dim();
        if ((long) v * dim > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("Word2Vec: " + v + " words × dim " + dim + " does not fit one float array");
        Model m = new Model(corpus, config);
        m.schedule.run("word2vec " + config.architecture(), t -> new Worker(m, t)::run, config.progress());
        return new KeyedVectors(vocabulary.words(), dim, m.syn0);
    }

    /** The weights and tables that all threads share. */
    private static final class Model {
        final Word2VecConfig config;
        final Hogwild schedule;
        final float[] syn0, syn1, syn1neg; // input vectors; hierarchical-softmax and negative-sampling output vectors
        final Huffman tree;
        final int[] table;
        final float[] keep; // null: no subsampling

        Model(EncodedCorpus corpus, Word2VecConfig config) {
            this.config = config;
            schedule = new Hogwild(corpus, config.threads(), config.epochs(), config.alpha(), config.alpha() * config.minAlphaFraction());
            Vocabulary vocabulary = corpus.vocabulary();
            int n = vocabulary.size() * config.dim();
            syn0 = new float[n];
            Generator g = new Generator(config.seed());
            for (int i = 0; i < n; i++) syn0[i] = (g.nextFloat() - 0.5f) / config.dim(); // as word2vec.c
            syn1 = config.hierarchicalSoftmax() ? new float[n] : null;
            syn1neg = config.negative() > 0 ? new float[n] : null;
            tree = config.hierarchicalSoftmax() ? Huffman.build(vocabulary.counts()) : null;
            table = config.negative() > 0 ? new UnigramTable(vocabulary.counts(), 0.75, config.tableSize()).slots() : null;
            keep = config.sample() > 0 ? Subsampling.keepProbabilities(vocabulary, config.sample()) : null;
        }
    }

    /** One training thread: its corpus slice, random stream and scratch vectors. */
    private static final class Worker {
        private static final VectorOps OPS = VectorOps.get();

        private final Model m;
        private final int id, dim, window, negative, tableSize;
        private final boolean hs, cbow;
        private final float[] syn0, syn1, syn1neg, keep;
        private final Huffman tree;
        private final int[] table, points;
        private final byte[] codes;
        private final float[] neu1, neu1e;
        private long rng;

        Worker(Model m, int id) {
            this.m = m;
            this.id = id;
            Word2VecConfig c = m.config;
            dim = c.dim();
            window = c.window();
            negative = c.negative();
            hs = c.hierarchicalSoftmax();
            cbow = c.architecture() == Word2VecConfig.Architecture.CBOW;
            syn0 = m.syn0;
            syn1 = m.syn1;
            syn1neg = m.syn1neg;
            keep = m.keep;
            table = m.table;
            tableSize = table == null ? 0 : table.length;
            tree = m.tree;
            points = hs ? tree.points() : null;
            codes = hs ? m.tree.codes() : null;
            neu1 = new float[dim];
            neu1e = new float[dim];
            rng = Hogwild.threadSeed(c.seed(), id);
        }

        void run() throws IOException {
            int[] sentence = new int[MAX_SENTENCE];
            m.schedule.epochs(id, MAX_SENTENCE, UPDATE_EVERY, (raw, n, alpha) -> {
                int len = subsample(raw, n, sentence);
                if (cbow) cbow(sentence, len, alpha);
                else skipGram(sentence, len, alpha);
            });
        }

        /**
         * Copies the words of raw[0..n) that survive subsampling into out; returns how many. The draw is word2vec.c's
         * own: one step of its generator per word, compared through the generator's low 16 bits. Those bits are poor
         * random numbers (their period is 2^16), but the reference's vectors depend on them: with a draw from the high
         * bits instead, CBOW's WS-353 on the Javadoc corpus averaged 0.44 over three seeds against word2vec.c's 0.51,
         * and 0.515 with this draw (docs/performance.md).
         */
        private int subsample(int[] raw, int n, int[] out) {
            if (keep == null) {
                System.arraycopy(raw, 0, out, 0, n);
                return n;
            }
            long r = rng;
            int len = 0;
            for (int i = 0; i < n; i++) {
                int w = raw[i];
                r = r * LCG_MUL + LCG_ADD;
                if (keep[w] < (r & 0xFFFF) * 0x1p-16f) continue;
                out[len++] = w;
            }
            rng = r;
            return len;
        }

        private void skipGram(int[] sen, int len, float alpha) {
            for (int pos = 0; pos < len; pos++) {
                int word = sen[pos];
                int b = shrink();
                int hi = Math.min(len, pos + window - b + 1);
                for (int c = Math.max(0, pos - window + b); c < hi; c++) {
                    if (c == pos) continue;
                    int l1 = sen[c] * dim; // the context word's input vector predicts the word (as word2vec.c)
                    Arrays.fill(neu1e, 0f);
                    if (hs) hierarchicalSoftmax(word, syn0, l1, alpha);
                    if (negative > 0) negativeSampling(word, syn0, l1, alpha);
                    OPS.axpy(1f, neu1e, 0, syn0, l1, dim);
                }
            }
        }

        private void cbow(int[] sen, int len, float alpha) {
            for (int pos = 0; pos < len; pos++) {
                int word = sen[pos];
                int b = shrink();
                int lo = Math.max(0, pos - window + b), hi = Math.min(len, pos + window - b + 1);
                if (hi - lo < 2) continue; // no context
                Arrays.fill(neu1, 0f);
                for (int c = lo; c < hi; c++) if (c != pos) OPS.axpy(1f, syn0, sen[c] * dim, neu1, 0, dim);
                float inv = 1f / (hi - lo - 1);
                for (int i = 0; i < dim; i++) neu1[i] *= inv; // the mean of the context vectors
                Arrays.fill(neu1e, 0f);
                if (hs) hierarchicalSoftmax(word, neu1, 0, alpha);
                if (negative > 0) negativeSampling(word, neu1, 0, alpha);
                for (int c = lo; c < hi; c++) if (c != pos) OPS.axpy(1f, neu1e, 0, syn0, sen[c] * dim, dim);
            }
        }

        /**
         * word2vec's dynamic window: the window is cut by a random b in [0, window) for each word, drawn as word2vec.c
         * draws it (its generator's whole 64 bits modulo window; with the high 32 bits scaled instead, CBOW's WS-353
         * on the Javadoc averaged 0.429 over ten seeds, with this draw 0.458, word2vec.c 0.471: docs/performance.md).
         */
        private int shrink() {
            rng = rng * LCG_MUL + LCG_ADD;
            return (int) Long.remainderUnsigned(rng, window);
        }

        /** One step of the binary decisions along word's Huffman path, from input h = in[io..io+dim); gradient into neu1e. */
        private void hierarchicalSoftmax(int word, float[] in, int io, float alpha) {
            int start = tree.offset(word), end = start + tree.length(word);
            for (int d = start; d < end; d++) {
                int l2 = points[d] * dim;
                float f = OPS.dot(in, io, syn1, l2, dim);
                if (f <= -SigmoidTable.MAX_EXP || f >= SigmoidTable.MAX_EXP) continue;
                float g = (1 - codes[d] - SigmoidTable.get(f)) * alpha;
                OPS.axpyPair(g, in, io, syn1, l2, neu1e, 0, dim);
            }
        }

        /** word against {@code negative} noise words drawn from the unigram table; gradient into neu1e. */
        private void negativeSampling(int word, float[] in, int io, float alpha) {
            long r = rng;
            for (int d = 0; d <= negative; d++) {
                int target;
                float label;
                if (d == 0) {
                    target = word;
                    label = 1;
                } else {
                    r = r * LCG_MUL + LCG_ADD;
                    target = table[(int) (((r >>> 32) * tableSize) >>> 32)];
                    if (target == word) continue;
                    label = 0;
                }
                int l2 = target * dim;
                float f = OPS.dot(in, io, syn1neg, l2, dim);
                float g = (f > SigmoidTable.MAX_EXP ? label - 1 : f < -SigmoidTable.MAX_EXP ? label : label - SigmoidTable.get(f)) * alpha;
                OPS.axpyPair(g, in, io, syn1neg, l2, neu1e, 0, dim);
            }
            rng = r;
        }
    }
}
