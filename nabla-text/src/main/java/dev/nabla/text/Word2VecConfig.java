package dev.nabla.text;

/**
 * Word2Vec settings, with word2vec.c's defaults: CBOW, dim 100, window 5, negative sampling with 5 noise words, no
 * hierarchical softmax, minCount 5, sample 1e-3, 5 epochs, alpha 0.05 for CBOW and 0.025 for skip-gram, decaying
 * linearly to alpha × 1e-4. Build with {@link #builder()}; the record checks its values.
 *
 * @param architecture      CBOW (predict a word from the mean of its context) or SKIP_GRAM (each context word predicts it)
 * @param dim               vector size
 * @param window            largest distance between a word and its context; each word uses a random 1..window
 * @param negative          noise words per prediction (0: no negative sampling)
 * @param hierarchicalSoftmax also (or instead) train through the Huffman tree
 * @param minCount          words seen fewer times are dropped from the corpus
 * @param maxVocabulary     keep at most this many of the most frequent words
 * @param sample            subsampling threshold (0: keep every word), see {@link Subsampling}
 * @param epochs            passes over the corpus
 * @param alpha             starting learning rate
 * @param minAlphaFraction  the learning rate never falls below alpha × this
 * @param threads           training threads (Hogwild: shared weights, no locks)
 * @param seed              seed of the initial vectors and of each thread's random stream; one thread is deterministic
 * @param tableSize         slots of the negative-sampling table ({@link UnigramTable#WORD2VEC_SIZE} in word2vec.c)
 * @param progress          show a progress bar on stderr
 */
public record Word2VecConfig(Architecture architecture, int dim, int window, int negative, boolean hierarchicalSoftmax,
                             int minCount, int maxVocabulary, double sample, int epochs, float alpha,
                             float minAlphaFraction, int threads, long seed, int tableSize, boolean progress) {

    public enum Architecture { CBOW, SKIP_GRAM }

    public Word2VecConfig {
        if (architecture == null) throw new IllegalArgumentException("Word2VecConfig: architecture is null");
        require(dim >= 1, "dim must be positive, got " + dim);
        require(window >= 1, "window must be positive, got " + window);
        require(negative >= 0, "negative must be 0 or more, got " + negative);
        require(negative > 0 || hierarchicalSoftmax, "needs negative > 0 or hierarchical softmax (or both)");
        require(minCount >= 1, "minCount must be at least 1, got " + minCount);
        require(maxVocabulary >= 1, "maxVocabulary must be positive, got " + maxVocabulary);
        require(sample >= 0, "sample must be 0 or more, got " + sample);
        require(epochs >= 1, "epochs must be positive, got " + epochs);
        require(alpha > 0, "alpha must be positive, got " + alpha);
        require(minAlphaFraction >= 0 && minAlphaFraction <= 1, "minAlphaFraction must be in [0, 1], got " + minAlphaFraction);
        require(threads >= 1, "threads must be positive, got " + threads);
        require(tableSize >= 1, "tableSize must be positive, got " + tableSize);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("Word2VecConfig: " + message);
    }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        Builder b = new Builder().architecture(architecture).dim(dim).window(window).negative(negative)
                .hierarchicalSoftmax(hierarchicalSoftmax).minCount(minCount).maxVocabulary(maxVocabulary).sample(sample)
                .epochs(epochs).minAlphaFraction(minAlphaFraction).threads(threads).seed(seed).tableSize(tableSize)
                .progress(progress);
        b.alpha = alpha;
        return b;
    }

    public static final class Builder {
        private Architecture architecture = Architecture.CBOW;
        private int dim = 100, window = 5, negative = 5, minCount = 5, maxVocabulary = Integer.MAX_VALUE, epochs = 5;
        private boolean hierarchicalSoftmax, progress = true;
        private double sample = 1e-3;
        private float alpha = Float.NaN; // NaN: the architecture's default
        private float minAlphaFraction = 1e-4f;
        private int threads = Runtime.getRuntime().availableProcessors();
        private long seed = 1;
        private int tableSize = UnigramTable.WORD2VEC_SIZE;

        public Builder architecture(Architecture a) { architecture = a; return this; }
        public Builder skipGram() { return architecture(Architecture.SKIP_GRAM); }
        public Builder cbow() { return architecture(Architecture.CBOW); }
        public Builder dim(int v) { dim = v; return this; }
        public Builder window(int v) { window = v; return this; }
        public Builder negative(int v) { negative = v; return this; }
        public Builder hierarchicalSoftmax(boolean v) { hierarchicalSoftmax = v; return this; }
        public Builder minCount(int v) { minCount = v; return this; }
        public Builder maxVocabulary(int v) { maxVocabulary = v; return this; }
        public Builder sample(double v) { sample = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        /** The starting learning rate; by default 0.05 for CBOW, 0.025 for skip-gram. */
        public Builder alpha(float v) { alpha = v; return this; }
        public Builder minAlphaFraction(float v) { minAlphaFraction = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder tableSize(int v) { tableSize = v; return this; }
        public Builder progress(boolean v) { progress = v; return this; }

        public Word2VecConfig build() {
            float a = !Float.isNaN(alpha) ? alpha : architecture == Architecture.CBOW ? 0.05f : 0.025f;
            return new Word2VecConfig(architecture, dim, window, negative, hierarchicalSoftmax, minCount, maxVocabulary,
                    sample, epochs, a, minAlphaFraction, threads, seed, tableSize, progress);
        }
    }
}
