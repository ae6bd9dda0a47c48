package dev.nabla.models;

import java.util.Arrays;
import java.util.Map;

/**
 * The distinct characters (UTF-16 code units) of a text in sorted order; a character's id is its rank, as in
 * char-rnn. {@link #toString()} gives the characters as one string and {@link #of(String)} reads it back, which is
 * how a checkpoint stores the vocabulary.
 */
public final class CharVocab implements TokenVocab {
    private final char[] chars; // sorted, distinct
    private final int[] ids; // by char value, -1 when absent

    private CharVocab(char[] sortedDistinct) {
        chars = sortedDistinct;
        ids = new int[Character.MAX_VALUE + 1];
        Arrays.fill(ids, -1);
        for (int i = 0; i < chars.length; i++) ids[chars[i]] = i;
    }

    /** The vocabulary of {@code text}. */
    public static CharVocab fromText(CharSequence text) {
        boolean[] seen = new boolean[Character.MAX_VALUE + 1];
        int n = 0;
        for (int i = 0; i < text.length(); i++) if (!seen[text.charAt(i)]) {
            seen[text.charAt(i)] = true;
            n++;
        }
        if (n == 0) throw new IllegalArgumentException("CharVocab: the text is empty");
        char[] cs = new char[n];
        for (int c = 0, k = 0; k < n; c++) if (seen[c]) cs[k++] = (char) c;
        return new CharVocab(cs);
    }

    /** The vocabulary whose characters, in order, are {@code chars} (as written by {@link #toString()}). */
    public static CharVocab of(String chars) {
        char[] cs = chars.toCharArray();
        if (cs.length == 0) throw new IllegalArgumentException("CharVocab: no characters");
        for (int i = 1; i < cs.length; i++)
            if (cs[i] <= cs[i - 1])
                throw new IllegalArgumentException("CharVocab: characters must be distinct and sorted, but U+"
                        + String.format("%04X", (int) cs[i]) + " at " + i + " follows U+" + String.format("%04X", (int) cs[i - 1]));
        return new CharVocab(cs);
    }

    @Override
    public int size() {
        return chars.length;
    }

    @Override
    public String unit() {
        return "character";
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("kind", "characters", "chars", toString());
    }

    public char charAt(int id) {
        return chars[id];
    }

    /** The id of {@code c}, or -1 when it is not in the vocabulary. */
    public int id(char c) {
        return ids[c];
    }

    /** The ids of every character; one not in the vocabulary is an error naming it and its position. */
    @Override
    public int[] encode(CharSequence text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < out.length; i++) {
            int id = ids[text.charAt(i)];
            if (id < 0)
                throw new IllegalArgumentException("CharVocab: character U+" + String.format("%04X", (int) text.charAt(i))
                        + " at offset " + i + " is not in the vocabulary");
            out[i] = id;
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder b = new StringBuilder(ids.length);
        for (int id : ids) {
            if (id < 0 || id >= chars.length) throw new IllegalArgumentException("CharVocab: no character has id " + id + " (" + chars.length + " characters)");
            b.append(chars[id]);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return new String(chars);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CharVocab v && Arrays.equals(chars, v.chars);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(chars);
    }
}
