package dev.nabla.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into lowercase tokens in one pass over its code points (no regular expressions).
 * <ul>
 * <li>{@link #english()}: words are runs of letters and digits; an apostrophe, hyphen or underscore between two word
 *     characters stays inside the word ({@code don't}, {@code well-known}), and so do a point or comma between two
 *     digits ({@code 3.14}, {@code 1,000}). Every other non-space character (punctuation, symbols) is a token of its
 *     own: {@code "Hello, world!"} gives {@code [hello, ",", world, "!"]}.</li>
 * <li>{@link #characters()}: for text without spaces between words (Chinese, Japanese, Thai...): each letter of a
 *     script written that way (Han, Hiragana, Katakana, Bopomofo, Yi, Thai, Lao, Khmer, Myanmar, Tibetan) is a token of
 *     its own; runs of other letters and digits stay words as in English mode.
 *     {@code "我爱NLP。"} gives {@code [我, 爱, nlp, 。]}.</li>
 * </ul>
 * Lowercasing is locale-independent ({@link Character#toLowerCase(int)}). Immutable and thread-safe.
 */
public final class Tokenizer {
    private static final Tokenizer ENGLISH = new Tokenizer(false), CHARACTERS = new Tokenizer(true);

    private final boolean characters;

    private Tokenizer(boolean characters) {
        this.characters = characters;
    }

    public static Tokenizer english() { return ENGLISH; }

    public static Tokenizer characters() { return CHARACTERS; }

    /** The tokens of {@code text}, in order. */
    public List<String> tokenize(CharSequence text) {
        List<String> out = new ArrayList<>();
        tokenize(text, out);
        return out;
    }

    /** Appends the tokens of {@code text} to {@code out} (so that one list can be reused line after line). */
    public void tokenize(CharSequence text, List<String> out) {
        StringBuilder word = new StringBuilder();
        int n = text.length();
        for (int i = 0; i < n; ) {
            int cp = Character.codePointAt(text, i);
            int next = i + Character.charCount(cp);
            if (isWordChar(cp, word)) {
                if (characters && isSolo(cp)) {
                    flush(word, out);
                    out.add(new StringBuilder().appendCodePoint(Character.toLowerCase(cp)).toString());
                } else {
                    word.appendCodePoint(Character.toLowerCase(cp));
                }
            } else if (!word.isEmpty() && next < n && joins(cp, word, Character.codePointAt(text, next))) {
                word.appendCodePoint(cp);
            } else {
                flush(word, out);
                if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !Character.isISOControl(cp))
                    out.add(new String(Character.toChars(cp)));
            }
            i = next;
        }
        flush(word, out);
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (!word.isEmpty()) {
            out.add(word.toString());
            word.setLength(0);
        }
    }

    /** Letters and digits; combining marks too when they follow a word character (Devanagari vowel signs...). */
    private static boolean isWordChar(int cp, StringBuilder word) {
        if (Character.isLetterOrDigit(cp)) return true;
        if (word.isEmpty()) return false;
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    /** Whether {@code cp}, between the word so far and the code point {@code after}, stays inside the word. */
    private boolean joins(int cp, StringBuilder word, int after) {
        int before = word.codePointBefore(word.length());
        if (characters && (isSolo(before) || isSolo(after))) return false;
        return switch (cp) {
            case '\'', '\u2019', '-', '_' -> Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after);
            case '.', ',' -> Character.isDigit(before) && Character.isDigit(after);
            default -> false;
        };
    }

    /** A letter of a script written without spaces between words (character mode makes it a token by itself). */
    private static boolean isSolo(int cp) {
        if (cp < 0x0E00 || !Character.isLetter(cp)) return false; // below Thai: alphabets written with spaces
        return switch (Character.UnicodeScript.of(cp)) {
            case HAN, HIRAGANA, KATAKANA, BOPOMOFO, YI, THAI, LAO, KHMER, MYANMAR, TIBETAN -> true;
            default -> false;
        };
    }

    @Override
    public String toString() { return characters ? "characters" : "english"; }
}
