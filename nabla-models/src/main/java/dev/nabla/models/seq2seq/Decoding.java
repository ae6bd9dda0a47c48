package dev.nabla.models.seq2seq;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.TransformerDecoder;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy and beam-search decoding of a {@link Seq2SeqTransformer}, in eval mode and without gradients. Both feed
 * one new token per hypothesis and step, the decoder's keys and values kept in its cache (greedy can also
 * recompute the whole prefix every step, to check the cache). Outputs are target ids without BOS and EOS.
 */
public final class Decoding {
    private Decoding() {
    }

    /** A decoded sequence and its score (summed log-probability; for beam search divided by the length penalty). */
    public record Hypothesis(int[] tokens, double score) {
    }

    /** Greedy decoding of a batch src (B, S) with srcPad (B, S): at most maxLen tokens each (EOS excluded). */
    public static List<Hypothesis> greedy(Seq2SeqTransformer model, IntTensor src, IntTensor srcPad, int maxLen, boolean cached) {
        model.eval();
        try (var ignored = NoGrad.enter()) {
            int b = src.size(0);
            Tensor memory = model.encode(src, srcPad);
            TransformerDecoder.Cache cache = cached ? model.newCache() : null;
            int[][] out = new int[b][maxLen + 1];
            int[] len = new int[b];
            double[] score = new double[b];
            boolean[] done = new boolean[b];
            int stride = maxLen + 2; // BOS + up to maxLen + 1 tokens, for the uncached path
            int[] prefix = new int[b * stride];
            for (int i = 0; i < b; i++) prefix[i * stride] = Vocab.BOS;
            int[] last = new int[b];
            Arrays.fill(last, Vocab.BOS);
            int remaining = b;
            for (int t = 0; t <= maxLen && remaining > 0; t++) {
                Tensor logits = cached ? model.step(IntTensor.wrap(last.clone(), b), memory, srcPad, cache)
                        : model.decode(IntTensor.wrap(prefixOf(prefix, b, stride, t + 1), b, t + 1), null, memory, srcPad).select(1, t);
                float[] lp = logProbs(logits);
                int v = lp.length / b;
                for (int i = 0; i < b; i++) {
                    int best = t == maxLen ? Vocab.EOS : argmax(lp, i * v, v);
                    last[i] = best;
                    prefix[i * stride + t + 1] = best;
                    if (done[i]) continue;
                    score[i] += lp[i * v + best];
                    if (best == Vocab.EOS) {
                        done[i] = true;
                        remaining--;
                    } else out[i][len[i]++] = best;
                }
            }
            List<Hypothesis> r = new ArrayList<>();
            for (int i = 0; i < b; i++) r.add(new Hypothesis(Arrays.copyOf(out[i], len[i]), score[i]));
            return r;
        }
    }

    private static int[] prefixOf(int[] prefix, int b, int stride, int t) {
        int[] p = new int[b * t];
        for (int i = 0; i < b; i++) System.arraycopy(prefix, i * stride, p, i * t, t);
        return p;
    }

    /** Log-probabilities (B·V) of logits (B, V), PAD and BOS never chosen (-inf). */
    private static float[] logProbs(Tensor logits) {
        float[] lp = logits.logSoftmax(-1).contiguous().toArray();
        int v = logits.size(1);
        for (int i = 0; i < lp.length; i += v) lp[i + Vocab.PAD] = lp[i + Vocab.BOS] = Float.NEGATIVE_INFINITY;
        return lp;
    }

    /** The first index of the largest of a[off ... off+n-1]. */
    static int argmax(float[] a, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) if (a[off + j] > a[off + best]) best = j;
        return best;
    }

    /** GNMT's length penalty ((5 + len) / 6)^α; α = 0 ranks by summed log-probability. */
    public static double lengthPenalty(int len, double alpha) {
        return Math.pow((5.0 + len) / 6.0, alpha);
    }

    /**
     * Beam search of one source src (1, S): k hypotheses advance together as the rows of one batch; of the best 2k
     * continuations, those ending in EOS among the first k finish (score = log-probability / lengthPenalty, len
     * counting EOS), the best k others go on and the cache keeps their parents' rows. It stops once k have finished
     * and no live hypothesis scores better than the k-th finished at its current length, or at maxLen tokens.
     * With k = 1 it is greedy decoding.
     */
    public static Hypothesis beam(Seq2SeqTransformer model, IntTensor src, IntTensor srcPad, int k, double alpha, int maxLen) {
        if (k <= 0) throw new IllegalArgumentException("Decoding.beam: beam width must be positive, got " + k);
        if (src.dim() != 2 || src.size(0) != 1)
            throw new IllegalArgumentException("Decoding.beam: one source (1, S) at a time, got " + Arrays.toString(src.shape()));
        model.eval();
        try (var ignored = NoGrad.enter()) {
            Tensor memory = model.encode(src, srcPad);
            int s = src.size(1);
            TransformerDecoder.Cache cache = model.newCache();
            List<int[]> live = new ArrayList<>(List.of(new int[0]));
            double[] liveScore = {0};
            List<Hypothesis> finished = new ArrayList<>();
            int[] last = {Vocab.BOS};
            for (int t = 0; t <= maxLen && !live.isEmpty(); t++) {
                int n = live.size();
                Tensor logits = model.step(IntTensor.wrap(last, n), memory.expand(n, s, memory.size(2)),
                        srcPad == null ? null : IntTensor.wrap(tile(srcPad.toArray(), n), n, s), cache);
                float[] lp = logProbs(logits);
                int v = lp.length / n;
                // candidates (parent, token), best first; ties to the lower index as greedy
                Integer[] order = new Integer[n * v];
                for (int i = 0; i < order.length; i++) order[i] = i;
                final double[] ls = liveScore;
                Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -(ls[c / v] + lp[c]))); // stable
                List<int[]> next = new ArrayList<>();
                List<Double> nextScore = new ArrayList<>();
                List<Integer> parents = new ArrayList<>(), tokens = new ArrayList<>();
                for (int rank = 0; rank < Math.min(2 * k, order.length) && next.size() < k; rank++) {
                    int c = order[rank], parent = c / v, token = c % v;
                    double sc = liveScore[parent] + lp[c];
                    int[] seq = live.get(parent);
                    if (token == Vocab.EOS || t == maxLen) {
                        if (rank < k) finished.add(new Hypothesis(seq, sc / lengthPenalty(seq.length + 1, alpha)));
                        continue;
                    }
                    int[] longer = Arrays.copyOf(seq, seq.length + 1);
                    longer[seq.length] = token;
                    next.add(longer);
                    nextScore.add(sc);
                    parents.add(parent);
                    tokens.add(token);
                }
                finished.sort(Comparator.comparingDouble((Hypothesis h) -> -h.score()));
                live = next;
                liveScore = nextScore.stream().mapToDouble(Double::doubleValue).toArray();
                if (live.isEmpty()) break;
                if (finished.size() >= k) {
                    double bestLive = liveScore[0] / lengthPenalty(t + 1, alpha);
                    if (bestLive <= finished.get(k - 1).score()) break;
                }
                cache.reorder(IntTensor.wrap(parents.stream().mapToInt(Integer::intValue).toArray(), parents.size()));
                last = tokens.stream().mapToInt(Integer::intValue).toArray();
            }
            if (finished.isEmpty()) return new Hypothesis(live.getFirst(), liveScore[0] / lengthPenalty(live.getFirst().length, alpha));
            return finished.getFirst();
        }
    }

    private static int[] tile(int[] row, int n) {
        int[] a = new int[row.length * n];
        for (int i = 0; i < n; i++) System.arraycopy(row, 0, a, i * row.length, row.length);
        return a;
    }
}
