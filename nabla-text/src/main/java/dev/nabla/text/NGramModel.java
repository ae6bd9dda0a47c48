package dev.nabla.text;

import dev.nabla.tensor.Generator;

import java.util.Arrays;
import java.util.List;

/**
 * A count-based n-gram language model over token ids with interpolated modified Kneser–Ney smoothing (Chen &amp;
 * Goodman 1998, as KenLM estimates it): every order k subtracts a discount D1, D2 or D3+ from counts of 1, 2 or 3
 * and more, and gives the mass taken to the order below,
 * <pre>
 *   P_k(w | h) = ( max(c_k(hw) − D_k(c_k(hw)), 0) + (D_k1·N1(h•) + D_k2·N2(h•) + D_k3·N3+(h•)) · P_{k−1}(w | h') ) / c_k(h•)
 * </pre>
 * where h' is h without its oldest token, N_j(h•) counts the words that follow h with count j, and P_0 is uniform
 * over the vocabulary. The highest order uses raw counts; lower orders use continuation counts (the number of
 * distinct tokens seen just before the n-gram), which is what makes it Kneser–Ney. Each order's discounts come from
 * its count-of-counts n1..n4: Y = n1/(n1+2·n2), D1 = 1−2Y·n2/n1, D2 = 2−3Y·n3/n2, D3+ = 3−4Y·n4/n3; where that is
 * undefined or out of [0, j] (tiny data) the order falls back to KenLM's {@code --discount_fallback} 0.5, 1, 1.5.
 * A context never seen at order k leaves the order-(k−1) estimate unchanged, so every P(·|h) sums to 1 over the
 * vocabulary.
 * <p>
 * Ids run over 0..vocabSize−1 and one more, {@link #unknown()}: any id outside that range, in training or in a
 * query, is the unknown token, which keeps a share of the uniform base mass (and its own counts if training had
 * any), so the ids of a {@link Vocabulary}, −1 for words outside it, can be used as they are. A context shorter than order−1 tokens (the start of a sequence) is scored by the orders it fills. The
 * n-grams are packed into longs (ceil(log2(vocabSize+1)) bits a token), so order × bits must stay within 63.
 */
public final class NGramModel {
    private final int order;
    private final int size;            // vocabSize + 1 (the unknown token)
    private final int bits;
    private final LongCounts[] counts;  // [k]: k-gram -> raw (k = order) or continuation count
    private final LongCounts[] contexts; // [k]: (k−1)-gram -> slot of its totals below
    private final double[][] totals;     // [k][slot]: c_k(h•)
    private final double[][] backoff;    // [k][slot]: D1·N1(h•) + D2·N2(h•) + D3·N3+(h•)
    private final double[][] discounts;  // [k][min(c, 3)], [k][0] = 0

    private NGramModel(int order, int size, double[] fixedDiscounts, List<int[]> sequences) {
        if (order < 1) throw new IllegalArgumentException("order must be at least 1, got " + order);
        this.order = order;
        this.size = size;
        this.bits = Math.max(1, 64 - Long.numberOfLeadingZeros(size - 1));
        if ((long) order * bits > 63)
            throw new IllegalArgumentException("order " + order + " with a vocabulary of " + (size - 1)
                    + " tokens needs " + order * bits + " bits a packed n-gram; at most 63 fit");
        counts = new LongCounts[order + 1];
        contexts = new LongCounts[order + 1];
        totals = new double[order + 1][];
        backoff = new double[order + 1][];
        discounts = new double[order + 1][];
        counts[order] = windows(sequences, order);
        for (int k = order - 1; k >= 1; k--) {
            LongCounts above = k + 1 == order ? counts[order] : windows(sequences, k + 1);
            LongCounts continuation = new LongCounts(above.size());
            long suffix = mask(k);
            for (int s = 0; s < above.capacity(); s++)
                if (above.used(s)) continuation.add(above.key(s) & suffix, 1);
            counts[k] = continuation;
        }
        for (int k = 1; k <= order; k++) {
            discounts[k] = fixedDiscounts != null ? withZero(fixedDiscounts) : estimateDiscounts(counts[k]);
            summarise(k);
        }
    }

    /** Trains an order-{@code order} model on one token stream; ids outside 0..vocabSize−1 are unknown. */
    public static NGramModel train(int[] tokens, int vocabSize, int order) {
        return train(List.of(tokens), vocabSize, order);
    }

    /** Trains on separate sequences (sentences, documents): no n-gram spans two of them. */
    public static NGramModel train(List<int[]> sequences, int vocabSize, int order) {
        return new NGramModel(order, checkedSize(vocabSize), null, sequences);
    }

    /**
     * Trains with the same discounts D1, D2, D3+ at every order instead of estimating them; three equal values give
     * plain interpolated Kneser–Ney.
     */
    public static NGramModel train(List<int[]> sequences, int vocabSize, int order, double d1, double d2, double d3) {
        for (double d : new double[] {d1, d2, d3})
            if (!(d >= 0)) throw new IllegalArgumentException("discounts must be non-negative, got " + d);
        if (d1 > 1 || d2 > 2 || d3 > 3)
            throw new IllegalArgumentException("discounts must not exceed the counts they apply to (1, 2, 3)");
        return new NGramModel(order, checkedSize(vocabSize), new double[] {d1, d2, d3}, sequences);
    }

    private static int checkedSize(int vocabSize) {
        if (vocabSize < 1) throw new IllegalArgumentException("vocabulary size must be positive, got " + vocabSize);
        return vocabSize + 1;
    }

    public int order() { return order; }

    /** Number of ids the model spreads probability over: the vocabulary and the unknown token. */
    public int size() { return size; }

    /** The id that stands for every token outside the vocabulary. */
    public int unknown() { return size - 1; }

    /** The discount order {@code k} subtracts from a count of {@code c} (1, 2, or 3 for 3 and more). */
    public double discount(int k, int c) { return discounts[k][Math.min(c, 3)]; }

    /** Number of distinct k-grams the model keeps at order {@code k}. */
    public int distinct(int k) { return counts[k].size(); }

    /** P(token | the last order−1 tokens of context[0..length)). */
    public double probability(int[] context, int length, int token) {
        int w = id(token);
        double p = 1.0 / size;
        int longest = Math.min(order, length + 1);
        for (int k = 1; k <= longest; k++) {
            long h = pack(context, length - (k - 1), length);
            int s = contexts[k].slot(h);
            if (s < 0) continue;
            int c = counts[k].get(h << bits | w);
            p = (Math.max(c - discounts[k][Math.min(c, 3)], 0) + backoff[k][s] * p) / totals[k][s];
        }
        return p;
    }

    public double probability(int[] context, int token) { return probability(context, context.length, token); }

    /** P(· | context) over all {@link #size()} ids. */
    public double[] distribution(int[] context) {
        double[] p = new double[size];
        Arrays.fill(p, 1.0 / size);
        int length = context.length;
        int longest = Math.min(order, length + 1);
        for (int k = 1; k <= longest; k++) {
            long h = pack(context, length - (k - 1), length);
            int s = contexts[k].slot(h);
            if (s < 0) continue;
            double total = totals[k][s], gamma = backoff[k][s];
            double[] d = discounts[k];
            for (int w = 0; w < size; w++) {
                int c = counts[k].get(h << bits | w);
                p[w] = (Math.max(c - d[Math.min(c, 3)], 0) + gamma * p[w]) / total;
            }
        }
        return p;
    }

    /** Natural log-probability of a sequence, each token given the ones before it (the first with none). */
    public double logProbability(int[] tokens) {
        double sum = 0;
        for (int i = 0; i < tokens.length; i++) sum += Math.log(probability(tokens, i, tokens[i]));
        return sum;
    }

    /** exp(−mean log-probability per token) of a held-out sequence. */
    public double perplexity(int[] tokens) {
        if (tokens.length == 0) throw new IllegalArgumentException("perplexity of an empty sequence");
        return Math.exp(-logProbability(tokens) / tokens.length);
    }

    /**
     * Draws the next token after {@code context}: probabilities raised to 1/temperature (temperature 0 takes the
     * most likely), restricted to the {@code topK} most likely when topK &gt; 0, renormalised. The unknown token is
     * never drawn.
     */
    public int sample(int[] context, double temperature, int topK, Generator random) {
        if (!(temperature >= 0)) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        double[] p = distribution(context);
        int n = size - 1;
        int best = 0;
        for (int w = 1; w < n; w++) if (p[w] > p[best]) best = w;
        if (temperature == 0) return best;
        double threshold = 0;   // the topK-th largest probability; ties at it go to the lower ids
        int atThreshold = n;
        if (topK > 0 && topK < n) {
            double[] sorted = Arrays.copyOf(p, n);
            Arrays.sort(sorted);
            threshold = sorted[n - topK];
            atThreshold = topK;
            for (int w = 0; w < n; w++) if (p[w] > threshold) atThreshold--;
        }
        double[] weights = new double[n];
        double top = Math.log(p[best]), sum = 0;
        for (int w = 0; w < n; w++) {
            if (p[w] < threshold || p[w] == threshold && atThreshold-- <= 0) continue;
            // relative to the most likely token, so a small temperature cannot underflow them all
            weights[w] = Math.exp((Math.log(p[w]) - top) / temperature);
            sum += weights[w];
        }
        double u = random.nextDouble() * sum;
        int last = best;
        for (int w = 0; w < n; w++) {
            if (weights[w] == 0) continue;
            last = w;
            u -= weights[w];
            if (u < 0) return w;
        }
        return last;
    }

    private int id(int token) { return token >= 0 && token < size - 1 ? token : size - 1; }

    private long mask(int k) { return k * bits == 64 ? -1L : (1L << (k * bits)) - 1; }

    /** tokens[from..to) packed oldest first (high bits); positions before 0 are not part of a context. */
    private long pack(int[] tokens, int from, int to) {
        long key = 0;
        for (int i = Math.max(0, from); i < to; i++) key = key << bits | id(tokens[i]);
        return key;
    }

    private LongCounts windows(List<int[]> sequences, int k) {
        long total = 0;
        for (int[] s : sequences) total += s.length;
        LongCounts map = new LongCounts((int) Math.min(total, 1 << 16));
        long mask = mask(k);
        for (int[] s : sequences) {
            long key = 0;
            for (int i = 0; i < s.length; i++) {
                key = (key << bits | id(s[i])) & mask;
                if (i >= k - 1) map.add(key, 1);
            }
        }
        return map;
    }

    /** Per context of order k: the total count and the mass its discounts free. */
    private void summarise(int k) {
        LongCounts grams = counts[k];
        LongCounts ctx = new LongCounts(grams.size() / 4);
        for (int s = 0; s < grams.capacity(); s++)
            if (grams.used(s)) ctx.add(grams.key(s) >>> bits, 0);
        double[] total = new double[ctx.capacity()], freed = new double[ctx.capacity()];
        double[] d = discounts[k];
        for (int s = 0; s < grams.capacity(); s++) {
            if (!grams.used(s)) continue;
            int c = grams.value(s);
            int slot = ctx.slot(grams.key(s) >>> bits);
            total[slot] += c;
            freed[slot] += d[Math.min(c, 3)];
        }
        contexts[k] = ctx;
        totals[k] = total;
        backoff[k] = freed;
    }

    private static double[] estimateDiscounts(LongCounts grams) {
        long[] n = new long[5];
        for (int s = 0; s < grams.capacity(); s++)
            if (grams.used(s) && grams.value(s) <= 4) n[grams.value(s)]++;
        double[] d = discountsFrom(n[1], n[2], n[3], n[4]);
        return withZero(d != null ? d : new double[] {0.5, 1.0, 1.5});
    }

    /**
     * Chen &amp; Goodman's estimates from count-of-counts, or null where they are undefined (n1, n2 or n3 is 0) or
     * outside [0, j], the conditions under which KenLM's lmplz falls back.
     */
    static double[] discountsFrom(long n1, long n2, long n3, long n4) {
        if (n1 == 0 || n2 == 0 || n3 == 0) return null;
        double y = (double) n1 / (n1 + 2.0 * n2);
        double[] d = {1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3};
        for (int j = 0; j < 3; j++) if (!(d[j] >= 0 && d[j] <= j + 1)) return null;
        return d;
    }

    private static double[] withZero(double[] d) { return new double[] {0, d[0], d[1], d[2]}; }
}
