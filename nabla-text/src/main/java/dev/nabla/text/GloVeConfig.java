package dev.nabla.text;

/**
 * GloVe settings, with the reference tools' defaults where they have one: window 15 (cooccur.c), x_max 100,
 * alpha 0.75, eta 0.05, gradient components clipped to ±100 (glove.c), minCount 5 and 15 iterations (GloVe's
 * demo.sh; glove.c alone runs 25), and dim 100 (the setting; glove.c's default is 50). Build with
 * {@link #builder()}; the record checks its values.
 *
 * @param dim           vector size
 * @param window        context words counted on each side of a word (symmetric, weighted 1/distance), at most
 *                      {@link Cooccurrence#MAX_WINDOW}
 * @param minCount      words seen fewer times are dropped from the corpus
 * @param maxVocabulary keep at most this many of the most frequent words
 * @param xMax          co-occurrence count above which a pair's weight is 1
 * @param alpha         exponent of the weighting function (x / xMax)^alpha
 * @param eta           AdaGrad's initial learning rate
 * @param gradClip      each gradient component is clipped to [-gradClip, gradClip] (glove.c's -grad-clip)
 * @param iterations    passes over the shuffled co-occurrences
 * @param threads       training threads (Hogwild: shared weights, no locks)
 * @param seed          seed of the initial vectors and of the shuffle; one thread is deterministic
 * @param memoryBytes   soft bound on the memory the counting and the shuffle hold; beyond it they spill to temporary files
 * @param output        what the vectors are: word + context vectors (glove.c's -model 2) or word vectors only (-model 1)
 * @param progress      show progress bars on stderr
 */
public record GloVeConfig(int dim, int window, int minCount, int maxVocabulary, double xMax, double alpha, float eta,
                          float gradClip, int iterations, int threads, long seed, long memoryBytes, Output output,
                          boolean progress) {

    /** Which of the trained vectors make the result. */
    public enum Output {
        /** W + W̃, the sum of each word's vector and context vector (glove.c's default, -model 2). */
        WORD_PLUS_CONTEXT,
        /** W only (-model 1). */
        WORD
    }

    public GloVeConfig {
        require(dim >= 1, "dim must be positive, got " + dim);
        require(window >= 1 && window <= Cooccurrence.MAX_WINDOW, "window must be in [1, " + Cooccurrence.MAX_WINDOW + "], got " + window);
        require(minCount >= 1, "minCount must be at least 1, got " + minCount);
        require(maxVocabulary >= 1, "maxVocabulary must be positive, got " + maxVocabulary);
        require(xMax > 0, "xMax must be positive, got " + xMax);
        require(alpha >= 0, "alpha must be 0 or more, got " + alpha);
        require(eta > 0, "eta must be positive, got " + eta);
        require(gradClip > 0, "gradClip must be positive, got " + gradClip);
        require(iterations >= 1, "iterations must be positive, got " + iterations);
        require(threads >= 1, "threads must be positive, got " + threads);
        require(memoryBytes >= 1 << 20, "memoryBytes must be at least 1 MiB, got " + memoryBytes);
        if (output == null) throw new IllegalArgumentException("GloVeConfig: output is null");
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("GloVeConfig: " + message);
    }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        return new Builder().dim(dim).window(window).minCount(minCount).maxVocabulary(maxVocabulary).xMax(xMax)
                .alpha(alpha).eta(eta).gradClip(gradClip).iterations(iterations).threads(threads).seed(seed)
                .memoryBytes(memoryBytes).output(output).progress(progress);
    }

    public static final class Builder {
        private int dim = 100, window = 15, minCount = 5, maxVocabulary = Integer.MAX_VALUE, iterations = 15;
        private double xMax = 100, alpha = 0.75;
        private float eta = 0.05f, gradClip = 100;
        private int threads = Runtime.getRuntime().availableProcessors();
        private long seed = 1;
        private long memoryBytes = Math.max(1 << 20, Math.min(4L << 30, Runtime.getRuntime().maxMemory() / 2));
        private Output output = Output.WORD_PLUS_CONTEXT;
        private boolean progress = true;

        public Builder dim(int v) { dim = v; return this; }
        public Builder window(int v) { window = v; return this; }
        public Builder minCount(int v) { minCount = v; return this; }
        public Builder maxVocabulary(int v) { maxVocabulary = v; return this; }
        public Builder xMax(double v) { xMax = v; return this; }
        public Builder alpha(double v) { alpha = v; return this; }
        public Builder eta(float v) { eta = v; return this; }
        public Builder gradClip(float v) { gradClip = v; return this; }
        public Builder iterations(int v) { iterations = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        /** By default half the heap, at most 4 GiB (cooccur.c's -memory default is 3 GB, shuffle.c's 2 GB). */
        public Builder memoryBytes(long v) { memoryBytes = v; return this; }
        public Builder output(Output v) { output = v; return this; }
        public Builder progress(boolean v) { progress = v; return this; }

        public GloVeConfig build() {
            return new GloVeConfig(dim, window, minCount, maxVocabulary, xMax, alpha, eta, gradClip, iterations,
                    threads, seed, memoryBytes, output, progress);
        }
    }
}
