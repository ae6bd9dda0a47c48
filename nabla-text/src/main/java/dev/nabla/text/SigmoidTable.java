package dev.nabla.text;

/**
 * The logistic function as word2vec.c computes it in its training loops: a table of 1000 values over [-6, 6), read
 * at the bin below x. Callers treat |x| ≥ 6 themselves (word2vec skips the update there for hierarchical softmax
 * and uses 0 or 1 for negative sampling), so {@link #get} is only valid inside the range.
 * <p>
 * word2vec.c indexes the table with {@code (x + 6) · (1000 / 6 / 2)} in integer arithmetic, i.e. (x + 6) · 83
 * instead of 83.33, which reads σ(0.996x - 0.024) rather than σ(x); this table uses the exact scale.
 */
public final class SigmoidTable {
    public static final float MAX_EXP = 6;
    private static final int SIZE = 1000;
    private static final float SCALE = SIZE / (2 * MAX_EXP);
    private static final float[] TABLE = new float[SIZE + 1];

    static {
        for (int i = 0; i <= SIZE; i++) {
            double e = Math.exp(((double) i / SIZE * 2 - 1) * MAX_EXP);
            TABLE[i] = (float) (e / (e + 1));
        }
    }

    private SigmoidTable() {}

    /** σ(x) for -6 < x < 6, to the table's resolution (steps of 0.012). */
    public static float get(float x) {
        return TABLE[(int) ((x + MAX_EXP) * SCALE)];
    }
}
