package dev.nabla.text;

/**
 * Frequent-word subsampling as word2vec.c does it: with {@code t = sample × (total corpus words)}, an occurrence of
 * a word seen {@code c} times is kept with probability {@code (sqrt(c / t) + 1) · t / c} (above 1: always kept).
 * This differs from the paper's {@code 1 - sqrt(t / c)}; it is what the reference tool (and gensim) train with.
 */
public final class Subsampling {
    private Subsampling() {}

    /** The probability that one occurrence of a word counted {@code count} times is kept; 1 when {@code sample <= 0}. */
    public static double keepProbability(long count, long totalWords, double sample) {
        if (sample <= 0) return 1;
        double t = sample * totalWords;
        return Math.min(1, (Math.sqrt(count / t) + 1) * t / count);
    }

    /** {@link #keepProbability} of every word of {@code vocabulary}, in id order. */
    public static float[] keepProbabilities(Vocabulary vocabulary, double sample) {
        float[] keep = new float[vocabulary.size()];
        for (int w = 0; w < keep.length; w++) keep[w] = (float) keepProbability(vocabulary.count(w), vocabulary.totalCount(), sample);
        return keep;
    }
}
