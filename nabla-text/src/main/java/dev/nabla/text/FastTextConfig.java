package dev.nabla.text;

import dev.nabla.text.Word2VecConfig.Architecture;

/**
 * FastText settings, with fastText's defaults for word vectors: skip-gram, dim 100, window 5, 5 negative samples,
 * minCount 5, sample 1e-4, 5 epochs, learning rate 0.05 falling linearly to 0, character n-grams of 3 to 6
 * characters hashed into 2,000,000 buckets. Build with {@link #builder()}; the record checks its values.
 *
 * @param architecture  SKIP_GRAM (a word's subword vectors predict each context word) or CBOW (the mean of the
 *                      context words' subword vectors predicts the word)
 * @param dim           vector size
 * @param window        largest distance between a word and its context; each word uses a random 1..window
 * @param negative      noise words per prediction
 * @param minCount      words seen fewer times are dropped from the corpus
 * @param maxVocabulary keep at most this many of the most frequent words
 * @param sample        subsampling threshold t (0: keep every word), see {@link Subsampling}
 * @param epochs        passes over the corpus
 * @param alpha         starting learning rate (fastText's -lr)
 * @param minn          shortest n-gram, in characters
 * @param maxn          longest n-gram (0: no n-grams, each word has only its own vector)
 * @param buckets       hash buckets of the n-grams: each is a row of the input matrix ((words + buckets) × dim floats)
 * @param threads       training threads (Hogwild: shared weights, no locks)
 * @param seed          seed of the initial vectors and of each thread's random stream; one thread is deterministic
 * @param tableSize     slots of the negative-sampling table (counts^0.5; fastText's NEGATIVE_TABLE_SIZE is 10^7)
 * @param progress      show a progress bar on stderr
 */
public record FastTextConfig(Architecture architecture, int dim, int window, int negative, int minCount,
                             int maxVocabulary, double sample, int epochs, float alpha, int minn, int maxn,
                             int buckets, int threads, long seed, int tableSize, boolean progress) {

    public FastTextConfig {
        if (architecture == null) throw new IllegalArgumentException("FastTextConfig: architecture is null");
        require(dim >= 1, "dim must be positive, got " + dim);
        require(window >= 1, "window must be positive, got " + window);
        require(negative >= 1, "negative must be positive, got " + negative);
        require(minCount >= 1, "minCount must be at least 1, got " + minCount);
        require(maxVocabulary >= 1, "maxVocabulary must be positive, got " + maxVocabulary);
        require(sample >= 0, "sample must be 0 or more, got " + sample);
        require(epochs >= 1, "epochs must be positive, got " + epochs);
        require(alpha > 0, "alpha must be positive, got " + alpha);
        require(maxn == 0 || (minn >= 1 && minn <= maxn), "need maxn 0 or 1 <= minn <= maxn, got minn " + minn + ", maxn " + maxn);
        require(buckets >= 1, "buckets must be positive, got " + buckets);
        require(threads >= 1, "threads must be positive, got " + threads);
        require(tableSize >= 1, "tableSize must be positive, got " + tableSize);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("FastTextConfig: " + message);
    }

    /** Whether words have character n-grams (maxn > 0). */
    public boolean subwords() { return maxn > 0; }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        return new Builder().architecture(architecture).dim(dim).window(window).negative(negative).minCount(minCount)
                .maxVocabulary(maxVocabulary).sample(sample).epochs(epochs).alpha(alpha).minn(minn).maxn(maxn)
                .buckets(buckets).threads(threads).seed(seed).tableSize(tableSize).progress(progress);
    }

    public static final class Builder {
        private Architecture architecture = Architecture.SKIP_GRAM;
        private int dim = 100, window = 5, negative = 5, minCount = 5, maxVocabulary = Integer.MAX_VALUE, epochs = 5;
        private double sample = 1e-4;
        private float alpha = 0.05f;
        private int minn = 3, maxn = 6, buckets = 2_000_000;
        private int threads = Runtime.getRuntime().availableProcessors();
        private long seed = 1;
        private int tableSize = 10_000_000;
        private boolean progress = true;

        public Builder architecture(Architecture a) { architecture = a; return this; }
        public Builder skipGram() { return architecture(Architecture.SKIP_GRAM); }
        public Builder cbow() { return architecture(Architecture.CBOW); }
        public Builder dim(int v) { dim = v; return this; }
        public Builder window(int v) { window = v; return this; }
        public Builder negative(int v) { negative = v; return this; }
        public Builder minCount(int v) { minCount = v; return this; }
        public Builder maxVocabulary(int v) { maxVocabulary = v; return this; }
        public Builder sample(double v) { sample = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder alpha(float v) { alpha = v; return this; }
        public Builder minn(int v) { minn = v; return this; }
        public Builder maxn(int v) { maxn = v; return this; }
        public Builder buckets(int v) { buckets = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder tableSize(int v) { tableSize = v; return this; }
        public Builder progress(boolean v) { progress = v; return this; }

        public FastTextConfig build() {
            return new FastTextConfig(architecture, dim, window, negative, minCount, maxVocabulary, sample, epochs,
                    alpha, minn, maxn, buckets, threads, seed, tableSize, progress);
        }
    }
}
