package dev.nabla.text.wordpiece;

import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * WordPiece as in BERT: a word becomes the longest vocabulary entry that starts it, then the longest entry with the
 * "##" continuation prefix that starts the rest, and so on; a word with a part no entry matches, or longer than
 * {@code maxInputCharsPerWord} code points, becomes the unknown token as a whole.
 */
public final class WordPiece {
    /** BERT's limit on a word's length (in code points) before it is the unknown token without a look. */
    public static final int MAX_INPUT_CHARS_PER_WORD = 100;
    private static final int CACHE_LIMIT = 1 << 16;

    private final Map<String, Integer> vocab;
    private final String[] tokens;
    private final int unkId;
    private final String prefix;
    private final int maxInputCharsPerWord;
    // Word → pieces as {id, normalised length} pairs; words repeat, so most lookups skip the greedy search.
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param tokens the tokens in id order (a token listed twice maps to its last id, as vocab.txt is read by BERT)
     * @param unkToken the token for what cannot be split (must be among {@code tokens})
     */
    public WordPiece(List<String> tokens, String unkToken, String prefix, int maxInputCharsPerWord) {
        this.tokens = tokens.toArray(String[]::new);
        Map<String, Integer> ids = new HashMap<>(tokens.size() * 2);
        for (int id = 0; id < this.tokens.length; id++) ids.put(Objects.requireNonNull(this.tokens[id], "WordPiece: token " + id + " is null"), id);
        vocab = ids;
        Integer unk = vocab.get(unkToken);
        if (unk == null) throw new IllegalArgumentException("WordPiece: the unknown token " + unkToken + " is not in the vocabulary");
        unkId = unk;
        if (maxInputCharsPerWord < 1) throw new IllegalArgumentException("WordPiece: max_input_chars_per_word " + maxInputCharsPerWord + " is below 1");
        this.prefix = prefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    public WordPiece(List<String> tokens, String unkToken) {
        this(tokens, unkToken, "##", MAX_INPUT_CHARS_PER_WORD);
    }

    /**
     * The pieces of {@code word} as {id, length in chars} pairs, lengths summing to the word's length. The array may
     * be shared: callers must not change it.
     */
    int[] pieces(String word) {
        int[] p = cache.get(word);
        if (p != null) return p;
        p = split(word);
        if (cache.size() >= CACHE_LIMIT) cache.clear();
        cache.put(word, p);
        return p;
    }

    private int[] split(String word) {
        if (word.codePointCount(0, word.length()) > maxInputCharsPerWord) return new int[] {unkId, word.length()};
        int[] out = new int[8];
        int n = 0;
        StringBuilder key = new StringBuilder(prefix.length() + word.length());
        for (int start = 0; start < word.length(); ) {
            key.setLength(0);
            if (start > 0) key.append(prefix);
            int keyStart = key.length();
            key.append(word, start, word.length());
            int end = word.length();
            Integer id = null;
            while (end > start) {
                id = vocab.get(key.toString());
                if (id != null) break;
                end = Character.isLowSurrogate(word.charAt(end - 1)) && end - 2 >= start ? end - 2 : end - 1;
                key.setLength(keyStart + end - start);
            }
            if (id == null) return new int[] {unkId, word.length()};
            if (n + 2 > out.length) out = java.util.Arrays.copyOf(out, out.length * 2);
            out[n++] = id;
            out[n++] = end - start;
            start = end;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The ids of {@code word}'s pieces. */
    public int[] tokenize(String word) {
        int[] p = pieces(word);
        int[] ids = new int[p.length / 2];
        for (int k = 0; k < ids.length; k++) ids[k] = p[2 * k];
        return ids;
    }

    public int id(String token) {
        Integer id = vocab.get(token);
        return id == null ? -1 : id;
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.length) throw new IndexOutOfBoundsException("token id " + id + " is outside the vocabulary of " + tokens.length);
        return tokens[id];
    }

    public int size() { return tokens.length; }

    public int unkId() { return unkId; }

    public String unkToken() { return tokens[unkId]; }

    public String prefix() { return prefix; }

    public int maxInputCharsPerWord() { return maxInputCharsPerWord; }

    /** The tokens in id order. */
    public String[] tokens() { return tokens.clone(); }
}
