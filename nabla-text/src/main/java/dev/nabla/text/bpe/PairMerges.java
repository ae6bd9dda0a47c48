package dev.nabla.text.bpe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BinaryOperator;

/**
 * The merge loop of BPE training, shared by byte-level BPE and WordPiece: words as sequences of token ids with their
 * frequencies, and the adjacent pair with the largest frequency-weighted count merged into a new token again and
 * again. Ties go to the pair of smaller ids (left first), so training is deterministic.
 * <p>
 * Counts are updated incrementally: each pair keeps the words it occurs in, a merge revisits only those words, and a
 * max-heap with lazily corrected entries finds the next pair.
 */
public final class PairMerges {
    private final int[][] words;
    private final int[] lengths;
    private final long[] freqs;
    private final int[] seen;
    private final Map<Long, Pair> pairs = new HashMap<>();
    private final PriorityQueue<long[]> heap = new PriorityQueue<>((x, y) ->
            x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));
    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Integer> ids = new LinkedHashMap<>();
    private final List<String[]> merges = new ArrayList<>();
    private final BinaryOperator<String> join;
    private int step;

    /** A pair's frequency-weighted count and the words it may occur in (with repeats and stale entries). */
    private static final class Pair {
        long count;
        int[] words = new int[4];
        int n;

        void addWord(int w) {
            if (n > 0 && words[n - 1] == w) return;
            if (n == words.length) words = Arrays.copyOf(words, n * 2);
            words[n++] = w;
        }
    }

    /**
     * @param alphabet the first tokens (ids 0..), distinct
     * @param words each word's token ids (taken over and changed); a fixed word order makes training deterministic
     * @param freqs each word's frequency
     * @param join the token a merge of two makes
     */
    public PairMerges(List<String> alphabet, int[][] words, long[] freqs, BinaryOperator<String> join) {
        for (String t : alphabet) if (addToken(t) != tokens.size() - 1) throw new IllegalArgumentException("PairMerges: token " + t + " is twice in the alphabet");
        this.words = words;
        this.freqs = freqs;
        this.join = join;
        lengths = new int[words.length];
        seen = new int[words.length];
        for (int w = 0; w < words.length; w++) {
            int[] sym = words[w];
            lengths[w] = sym.length;
            for (int i = 0; i + 1 < sym.length; i++) add(sym[i], sym[i + 1], freqs[w], w);
        }
        pairs.forEach((k, p) -> heap.add(new long[] {p.count, k}));
    }

    /** The tokens so far: the alphabet, then one per merge (unless a merge made a token that already was one). */
    public List<String> tokens() { return tokens; }

    /** The merges so far, in order, as {left, right}. */
    public List<String[]> merges() { return merges; }

    /**
     * Merges the most frequent pair, unless no pair occurs {@code minFrequency} times or more (or at all).
     * @return whether a pair was merged
     */
    public boolean mergeNext(long minFrequency) {
        long[] top = next();
        if (top == null || top[0] < minFrequency) return false;
        int a = (int) (top[1] >>> 32), b = (int) top[1];
        int ab = addToken(join.apply(tokens.get(a), tokens.get(b)));
        merges.add(new String[] {tokens.get(a), tokens.get(b)});
        merge(a, b, ab, ++step);
        return true;
    }

    private int addToken(String t) {
        Integer id = ids.get(t);
        if (id != null) return id;
        ids.put(t, tokens.size());
        tokens.add(t);
        return tokens.size() - 1;
    }

    private static long key(int a, int b) {
        return (long) a << 32 | b;
    }

    private Pair add(int a, int b, long f, int w) {
        Pair p = pairs.computeIfAbsent(key(a, b), k -> new Pair());
        p.count += f;
        p.addWord(w);
        return p;
    }

    /** The pair with the largest count (smallest ids on ties), its heap entry corrected if stale; null if none. */
    private long[] next() {
        long[] e;
        while ((e = heap.peek()) != null) {
            Pair p = pairs.get(e[1]);
            long c = p == null ? 0 : p.count;
            if (c == e[0] && c > 0) return e;
            heap.poll();
            if (c > 0) heap.add(new long[] {c, e[1]});
        }
        return null;
    }

    /** Replaces a b by ab in every word that holds the pair, updating the counts of the pairs around it. */
    private void merge(int a, int b, int ab, int step) {
        heap.poll();
        Pair merged = pairs.remove(key(a, b));
        Map<Long, Pair> touched = new HashMap<>();
        for (int k = 0; k < merged.n; k++) {
            int w = merged.words[k];
            if (seen[w] == step) continue;
            seen[w] = step;
            int[] sym = words[w];
            int n = lengths[w];
            long f = freqs[w];
            if (!holds(sym, n, a, b)) continue; // a stale entry
            // Take the old pairs out and put the new ones in; only pairs that hold ab gain this word or a heap entry.
            for (int i = 0; i + 1 < n; i++) {
                Pair p = pairs.get(key(sym[i], sym[i + 1]));
                if (p != null) p.count -= f;
            }
            int out = 0;
            for (int i = 0; i < n; ) {
                if (i + 1 < n && sym[i] == a && sym[i + 1] == b) { sym[out++] = ab; i += 2; }
                else sym[out++] = sym[i++];
            }
            lengths[w] = out;
            for (int i = 0; i + 1 < out; i++) {
                int x = sym[i], y = sym[i + 1];
                if (x == ab || y == ab) touched.put(key(x, y), add(x, y, f, w));
                else pairs.get(key(x, y)).count += f;
            }
        }
        touched.forEach((k, p) -> heap.add(new long[] {p.count, k}));
    }

    private static boolean holds(int[] sym, int n, int a, int b) {
        for (int i = 0; i + 1 < n; i++) if (sym[i] == a && sym[i + 1] == b) return true;
        return false;
    }
}
