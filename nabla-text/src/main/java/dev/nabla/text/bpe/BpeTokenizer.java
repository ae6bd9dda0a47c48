package dev.nabla.text.bpe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * GPT-2's byte-level BPE: text is split by {@link Gpt2Split}, each piece's UTF-8 bytes become byte symbols, and the
 * ranked merges are applied lowest rank first, every occurrence of the chosen pair left to right, until no adjacent
 * pair has a rank. Results for repeated pieces come from a cache. Load one with {@link BpeFiles}, train one with
 * {@link BpeTrainer}.
 * <p>
 * Text that is not valid UTF-16 (a lone surrogate) is encoded as if the surrogate were U+FFFD, as tiktoken and the
 * JavaScript reference (TextEncoder) do; GPT-2's Python encoder would raise instead. Decoding turns byte sequences
 * that are not UTF-8 into U+FFFD, as GPT-2's {@code errors="replace"} does. Thread-safe.
 */
public final class BpeTokenizer implements dev.nabla.text.TextTokenizer {
    private final String[] tokens;
    private final byte[][] bytes;
    private final Map<String, Integer> ids;
    private final int[] byteIds = new int[256];
    private final PairRanks ranks;
    private final int[] mergeLeft, mergeRight, mergeResult;
    private final Map<String, Integer> specials;
    private final boolean addPrefixSpace;
    private final PieceCache cache = new PieceCache();

    /**
     * @param vocab    byte-level token to id (ids need not be dense but must be distinct and non-negative)
     * @param merges   pairs of byte-level tokens, highest priority first; both parts and their join must be tokens
     * @param where    names merge k in error messages ("merges.txt line 7")
     * @param specials tokens recognised whole in {@link #encode(String, boolean)}, with their ids
     * @param source   names the vocabulary in error messages
     */
    public BpeTokenizer(Map<String, Integer> vocab, List<String[]> merges, IntFunction<String> where,
                        Map<String, Integer> specials, boolean addPrefixSpace, String source) {
        int size = 0;
        for (var e : vocab.entrySet()) {
            if (e.getValue() < 0) throw new IllegalArgumentException(source + ": token " + quote(e.getKey()) + " has negative id " + e.getValue());
            size = Math.max(size, e.getValue() + 1);
        }
        for (int id : specials.values()) size = Math.max(size, id + 1);
        tokens = new String[size];
        bytes = new byte[size][];
        for (var e : vocab.entrySet()) {
            int id = e.getValue();
            if (tokens[id] != null)
                throw new IllegalArgumentException(source + ": id " + id + " is given to both " + quote(tokens[id]) + " and " + quote(e.getKey()));
            tokens[id] = e.getKey();
            byte[] b = ByteLevel.decode(e.getKey());
            bytes[id] = b != null ? b : e.getKey().getBytes(StandardCharsets.UTF_8);
        }
        for (var e : specials.entrySet()) {
            int id = e.getValue();
            if (tokens[id] != null && !tokens[id].equals(e.getKey()))
                throw new IllegalArgumentException(source + ": special token " + quote(e.getKey()) + " has id " + id + ", which is " + quote(tokens[id]));
            tokens[id] = e.getKey();
            bytes[id] = e.getKey().getBytes(StandardCharsets.UTF_8);
        }
        this.ids = Collections.unmodifiableMap(new LinkedHashMap<>(vocab));
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.valueOf(ByteLevel.charOf(b)));
            byteIds[b] = id == null ? -1 : id;
        }
        int m = merges.size();
        mergeLeft = new int[m];
        mergeRight = new int[m];
        mergeResult = new int[m];
        ranks = new PairRanks(m);
        for (int k = 0; k < m; k++) {
            String[] p = merges.get(k);
            mergeLeft[k] = idOf(vocab, p[0], where, k);
            mergeRight[k] = idOf(vocab, p[1], where, k);
            mergeResult[k] = idOf(vocab, p[0] + p[1], where, k);
            ranks.putIfAbsent(mergeLeft[k], mergeRight[k], k);
        }
        this.specials = Collections.unmodifiableMap(new LinkedHashMap<>(specials));
        this.addPrefixSpace = addPrefixSpace;
    }

    private static int idOf(Map<String, Integer> vocab, String token, IntFunction<String> where, int k) {
        Integer id = vocab.get(token);
        if (id == null) throw new IllegalArgumentException(where.apply(k) + ": merge uses " + quote(token) + ", which is not in the vocabulary");
        return id;
    }

    static String quote(String s) {
        return '"' + s.replace("\n", "\\n") + '"';
    }

    /** The ids of {@code text}, special tokens spelled in it encoded as plain text (GPT-2's {@code encode}). */
    @Override
    public int[] encode(CharSequence text) {
        return encode(text.toString(), false);
    }

    /** The ids of {@code text}; with {@code allowSpecial}, special tokens spelled in it ({@code <|endoftext|>}) become their ids. */
    public int[] encode(String text, boolean allowSpecial) {
        text = wellFormed(text);
        if (addPrefixSpace && !text.isEmpty() && text.charAt(0) != ' ') text = " " + text;
        IntBuffer out = new IntBuffer(Math.max(16, text.length() / 3));
        int from = 0;
        while (allowSpecial && !specials.isEmpty()) {
            int at = -1;
            String found = null;
            for (String sp : specials.keySet()) {
                int k = text.indexOf(sp, from);
                if (k >= 0 && (at < 0 || k < at || k == at && sp.length() > found.length())) { at = k; found = sp; }
            }
            if (found == null) break;
            encodeOrdinary(text, from, at, out);
            out.add(specials.get(found));
            from = at + found.length();
        }
        encodeOrdinary(text, from, text.length(), out);
        return out.toArray();
    }

    private void encodeOrdinary(String text, int from, int to, IntBuffer out) {
        if (from == to) return;
        String part = from == 0 && to == text.length() ? text : text.substring(from, to);
        Gpt2Split.split(part, (s, e) -> encodePiece(part, s, e, out));
    }

    private void encodePiece(String text, int s, int e, IntBuffer out) {
        if (e - s == 1 && text.charAt(s) < 0x80) {
            out.add(byteId(text.charAt(s)));
            return;
        }
        int h = PieceCache.hash(text, s, e);
        int[] r = cache.get(text, s, e, h);
        if (r == null) {
            String piece = text.substring(s, e);
            r = bpe(piece.getBytes(StandardCharsets.UTF_8));
            cache.put(piece, h, r);
        }
        out.addAll(r);
    }

    private int byteId(int b) {
        int id = byteIds[b];
        if (id < 0) throw new IllegalArgumentException("the vocabulary has no token for byte " + b);
        return id;
    }

    /** Merges the byte symbols of one piece by rank. */
    int[] bpe(byte[] piece) {
        int n = piece.length;
        int[] sym = new int[n];
        for (int i = 0; i < n; i++) sym[i] = byteId(piece[i] & 0xFF);
        while (n > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                int r = ranks.get(sym[i], sym[i + 1]);
                if (r >= 0 && r < best) best = r;
            }
            if (best == Integer.MAX_VALUE) break;
            int a = mergeLeft[best], b = mergeRight[best], ab = mergeResult[best];
            int w = 0;
            for (int i = 0; i < n; ) {
                if (i + 1 < n && sym[i] == a && sym[i + 1] == b) { sym[w++] = ab; i += 2; }
                else sym[w++] = sym[i++];
            }
            n = w;
        }
        return Arrays.copyOf(sym, n);
    }

    /** The bytes that {@code ids} stand for. */
    public byte[] decodeBytes(int[] ids) {
        int len = 0;
        for (int id : ids) len += bytesOf(id).length;
        byte[] out = new byte[len];
        int at = 0;
        for (int id : ids) {
            byte[] b = bytes[id];
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }

    /** The text that {@code ids} stand for; bytes that are not UTF-8 become U+FFFD. */
    @Override
    public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    private byte[] bytesOf(int id) {
        if (id < 0 || id >= bytes.length || bytes[id] == null) throw new IllegalArgumentException("no token has id " + id);
        return bytes[id];
    }

    /** The byte-level spelling of token {@code id} ({@code "Ġthe"}), or null if no token has that id. */
    public String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    /** The id of a byte-level token or special token, or -1. */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) id = specials.get(token);
        return id == null ? -1 : id;
    }

    /** One more than the largest id. */
    @Override
    public int size() {
        return tokens.length;
    }

    /** The id of {@code <|endoftext|>} when it is a special token, else -1. */
    @Override
    public int endOfText() {
        return specials.getOrDefault(BpeFiles.END_OF_TEXT, -1);
    }

    public Map<String, Integer> vocab() { return ids; }

    public Map<String, Integer> specials() { return specials; }

    public boolean addPrefixSpace() { return addPrefixSpace; }

    /** Merge k as its two byte-level tokens. */
    public String[] merge(int k) {
        return new String[] {tokens[mergeLeft[k]], tokens[mergeRight[k]]};
    }

    public int merges() { return mergeLeft.length; }

    /** {@code text} with each lone surrogate replaced by U+FFFD. */
    static String wellFormed(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) { i++; continue; }
                StringBuilder b = new StringBuilder(text);
                for (int k = i; k < n; k++) {
                    char d = b.charAt(k);
                    if (Character.isHighSurrogate(d) && k + 1 < n && Character.isLowSurrogate(b.charAt(k + 1))) k++;
                    else if (Character.isSurrogate(d)) b.setCharAt(k, '\uFFFD');
                }
                return b.toString();
            }
        }
        return text;
    }

    /** Open-addressing map from a pair of ids to its merge rank (the first rank wins for a repeated pair). */
    private static final class PairRanks {
        private final long[] keys;
        private final int[] vals;
        private final int mask;

        PairRanks(int n) {
            int cap = Integer.highestOneBit(Math.max(4, n * 2 + 1)) << 1;
            keys = new long[cap];
            Arrays.fill(keys, -1L);
            vals = new int[cap];
            mask = cap - 1;
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        void putIfAbsent(int a, int b, int rank) {
            long key = (long) a << 32 | (b & 0xFFFFFFFFL);
            int i = slot(key, mask);
            while (keys[i] != -1L) {
                if (keys[i] == key) return;
                i = (i + 1) & mask;
            }
            keys[i] = key;
            vals[i] = rank;
        }

        int get(int a, int b) {
            long key = (long) a << 32 | (b & 0xFFFFFFFFL);
            int i = slot(key, mask);
            long k;
            while ((k = keys[i]) != -1L) {
                if (k == key) return vals[i];
                i = (i + 1) & mask;
            }
            return -1;
        }
    }

    /** A growing int array. */
    static final class IntBuffer {
        private int[] a;
        private int n;

        IntBuffer(int cap) { a = new int[cap]; }

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        void addAll(int[] v) {
            if (n + v.length > a.length) a = Arrays.copyOf(a, Math.max(n * 2, n + v.length));
            System.arraycopy(v, 0, a, n, v.length);
            n += v.length;
        }

        int[] toArray() { return Arrays.copyOf(a, n); }
    }
}
