package dev.nabla.text.bpe;

/**
 * GPT-2's pre-tokenisation as a hand-written scanner over code points, giving the same pieces as the regular expression
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}, alternatives tried in that
 * order at each position. {@code \s} is Unicode's White_Space property (as in Python's {@code regex} module and Rust's
 * {@code regex}, which GPT-2 and tiktoken use); {@code \p{L}} and {@code \p{N}} are the letter and number categories.
 * The rule {@code \s+(?!\S)} takes a run of white space but leaves its last character to start the next piece when a
 * non-space follows, so {@code "a   b"} splits as {@code "a", "  ", " b"}.
 */
public final class Gpt2Split {
    private Gpt2Split() {}

    /** Receives the pieces as [start, end) char ranges of the text. */
    @FunctionalInterface
    public interface Pieces {
        void piece(int start, int end);
    }

    /** Calls {@code out} for each piece of {@code text}, in order; the pieces cover the text exactly. */
    public static void split(CharSequence text, Pieces out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            int end = next(text, i, n);
            out.piece(i, end);
            i = end;
        }
    }

    /** The end of the piece that starts at {@code i}. */
    static int next(CharSequence s, int i, int n) {
        char c = s.charAt(i);
        if (c == '\'' && i + 1 < n) {
            char d = s.charAt(i + 1);
            if (d == 's' || d == 't' || d == 'm' || d == 'd') return i + 2;
            if (i + 2 < n) {
                char e = s.charAt(i + 2);
                if ((d == 'r' || d == 'v') && e == 'e' || d == 'l' && e == 'l') return i + 3;
            }
        }
        int j = c == ' ' && i + 1 < n ? i + 1 : i; // the optional leading space of the next three rules
        int cp = Character.codePointAt(s, j);
        int kind = kind(cp);
        if (kind != SPACE) {
            if (kind == OTHER) {
                j += Character.charCount(cp);
                while (j < n) {
                    cp = Character.codePointAt(s, j);
                    if (kind(cp) != OTHER) break;
                    j += Character.charCount(cp);
                }
                return j;
            }
            j += Character.charCount(cp);
            while (j < n && kind(cp = Character.codePointAt(s, j)) == kind) j += Character.charCount(cp);
            return j;
        }
        // White space: the whole run if it reaches the end, else all but its last character (when that leaves any).
        j = i;
        int last = i;
        while (j < n && isSpace(cp = Character.codePointAt(s, j))) { last = j; j += Character.charCount(cp); }
        return j == n || last == i ? j : last;
    }

    private static final int LETTER = 0, NUMBER = 1, SPACE = 2, OTHER = 3;

    private static int kind(int cp) {
        if (cp < 0x80) {
            if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return LETTER;
            if (cp >= '0' && cp <= '9') return NUMBER;
            return cp == ' ' || (cp >= 9 && cp <= 13) ? SPACE : OTHER;
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> { return LETTER; }
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> { return NUMBER; }
            default -> { return isSpace(cp) ? SPACE : OTHER; }
        }
    }

    /** Unicode's White_Space property. */
    static boolean isSpace(int cp) {
        return cp == ' ' || (cp >= 9 && cp <= 13) || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }
}
