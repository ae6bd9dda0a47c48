package dev.nabla.text.bpe;

import dev.nabla.util.Progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns byte-level BPE merges from a corpus, as GPT-2's tokenizer was made: the text is split by {@link Gpt2Split},
 * equal pieces are counted once with their frequency, every piece starts as its UTF-8 bytes (the 256 byte tokens, in
 * GPT-2's order), and the adjacent pair with the largest frequency-weighted count is merged again and again until the
 * vocabulary has the chosen size. Ties go to the pair of smaller ids (left first), so training is deterministic.
 * <p>
 * Counts are updated incrementally: each pair keeps the pieces it occurs in, a merge revisits only those pieces, and
 * a max-heap with lazily corrected entries finds the next pair. Special tokens take the last ids, as
 * {@code <|endoftext|>} does in GPT-2.
 */
public final class BpeTrainer {
    private BpeTrainer() {}

    /** Trains on a UTF-8 file (malformed bytes read as U+FFFD), with a progress bar on standard error if asked. */
    public static BpeTokenizer train(Path corpus, int vocabSize, List<String> specials, boolean progress) throws IOException {
        return train(new String(java.nio.file.Files.readAllBytes(corpus), StandardCharsets.UTF_8), vocabSize, specials, progress);
    }

    /** Trains on {@code text}; {@code vocabSize} counts the 256 byte tokens, the merged tokens and the special tokens. */
    public static BpeTokenizer train(String text, int vocabSize, List<String> specials, boolean progress) {
        int merges = vocabSize - 256 - specials.size();
        if (merges < 0) throw new IllegalArgumentException("vocabulary size " + vocabSize + " is below 256 bytes + " + specials.size() + " special tokens");
        return new Run(count(BpeTokenizer.wellFormed(text), progress)).train(merges, specials, progress);
    }

    /** Distinct pieces of the text with their frequencies. */
    private static Map<String, int[]> count(String text, boolean progress) {
        Map<String, int[]> counts = new HashMap<>();
        try (Progress bar = progress ? new Progress("bpe count", text.length(), "chars") : null) {
            long[] shown = {0};
            Gpt2Split.split(text, (s, e) -> {
                counts.computeIfAbsent(text.substring(s, e), k -> new int[1])[0]++;
                if (bar != null && e - shown[0] >= 1 << 20) { bar.advance(e - shown[0]); shown[0] = e; }
            });
            if (bar != null) bar.advance(text.length() - shown[0]);
        }
        return counts;
    }

    /** One training run: pieces as id sequences, pair statistics, and the tokens made so far. */
    private static final class Run {
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

        /** A pair's frequency-weighted count and the pieces it may occur in (with repeats and stale entries). */
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

        Run(Map<String, int[]> counts) {
            int[] byteId = new int[256];
            for (int i = 0; i < 256; i++) {
                int b = ByteLevel.byteAt(i);
                byteId[b] = i;
                addToken(String.valueOf(ByteLevel.charOf(b)));
            }
            List<String> keys = new ArrayList<>(counts.keySet());
            keys.sort(null); // a fixed word order makes the pair lists, hence everything, independent of hashing
            words = new int[keys.size()][];
            lengths = new int[keys.size()];
            freqs = new long[keys.size()];
            seen = new int[keys.size()];
            for (int w = 0; w < keys.size(); w++) {
                byte[] b = keys.get(w).getBytes(StandardCharsets.UTF_8);
                int[] sym = new int[b.length];
                for (int i = 0; i < b.length; i++) sym[i] = byteId[b[i] & 0xFF];
                words[w] = sym;
                lengths[w] = sym.length;
                freqs[w] = counts.get(keys.get(w))[0];
                for (int i = 0; i + 1 < sym.length; i++) add(sym[i], sym[i + 1], freqs[w], w);
            }
            pairs.forEach((k, p) -> heap.add(new long[] {p.count, k}));
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

        BpeTokenizer train(int target, List<String> specials, boolean progress) {
            try (Progress bar = progress ? new Progress("bpe merges", target, "merges") : null) {
                for (int step = 1; tokens.size() - 256 < target; step++) {
                    long[] top = next();
                    if (top == null) break; // every piece is a single token
                    int a = (int) (top[1] >>> 32), b = (int) top[1];
                    int ab = addToken(tokens.get(a) + tokens.get(b));
                    merges.add(new String[] {tokens.get(a), tokens.get(b)});
                    merge(a, b, ab, step);
                    if (bar != null) bar.step();
                }
            }
            Map<String, Integer> specialIds = new LinkedHashMap<>();
            Map<String, Integer> vocab = new LinkedHashMap<>(ids);
            for (String s : specials) {
                if (vocab.containsKey(s) || specialIds.containsKey(s)) throw new IllegalArgumentException("special token " + s + " is already a token");
                specialIds.put(s, vocab.size() + specialIds.size());
            }
            return new BpeTokenizer(vocab, merges, k -> "merge " + k, specialIds, false, "trained vocabulary");
        }

        /** The pair with the largest count (smallest ids on ties), its heap entry corrected if stale. */
        private long[] next() {
            long[] e;
            while ((e = heap.poll()) != null) {
                Pair p = pairs.get(e[1]);
                long c = p == null ? 0 : p.count;
                if (c == e[0] && c > 0) return e;
                if (c > 0) heap.add(new long[] {c, e[1]});
            }
            return null;
        }

        /** Replaces a b by ab in every piece that holds the pair, updating the counts of the pairs around it. */
        private void merge(int a, int b, int ab, int step) {
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
                // Take the old pairs out and put the new ones in; only pairs that hold ab gain this piece or a heap entry.
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
}
