package dev.nabla.text.wordpiece;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * BERT's basic tokenisation, as Hugging Face tokenizers' BertNormalizer followed by BertPreTokenizer: NUL, U+FFFD
 * and control characters dropped and whitespace made a space (cleanText), CJK ideographs made words of their own
 * (handleChineseChars), NFD with the non-spacing marks removed (stripAccents), lower-casing, then words split at
 * whitespace with every punctuation character a word of its own. Every normalised char remembers the range of the
 * original text it came from, so that tokens can be traced back to the text (offsets in UTF-16 chars, as Java's
 * String indexes).
 */
public final class BasicTokenizer {
    /** The normaliser's switches, named as in tokenizer.json's BertNormalizer. */
    public record Options(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {
        /** bert-base-uncased: everything on. */
        public static final Options UNCASED = new Options(true, true, true, true);
        /** bert-base-cased: no lower-casing and no accent stripping. */
        public static final Options CASED = new Options(true, true, false, false);
    }

    /** The words of one piece of text: normalised chars, where each came from, and where each word starts and ends. */
    public static final class Words {
        char[] chars = new char[64];
        int[] srcStart = new int[64], srcEnd = new int[64];
        int length;
        int[] wordFrom = new int[16], wordTo = new int[16];
        int count;

        /** The number of words. */
        public int size() { return count; }

        /** Word {@code i} after normalisation. */
        public String word(int i) { return new String(chars, wordFrom[i], wordTo[i] - wordFrom[i]); }

        /** Where word {@code i} starts in the original text. */
        public int start(int i) { return srcStart[wordFrom[i]]; }

        /** Where word {@code i} ends (exclusive) in the original text. */
        public int end(int i) { return srcEnd[wordTo[i] - 1]; }

        void clear() { length = 0; count = 0; }

        void append(char c, int from, int to) {
            if (length == chars.length) {
                chars = Arrays.copyOf(chars, length * 2);
                srcStart = Arrays.copyOf(srcStart, length * 2);
                srcEnd = Arrays.copyOf(srcEnd, length * 2);
            }
            chars[length] = c;
            srcStart[length] = from;
            srcEnd[length++] = to;
        }

        void addWord(int from, int to) {
            if (from >= to) return;
            if (count == wordFrom.length) {
                wordFrom = Arrays.copyOf(wordFrom, count * 2);
                wordTo = Arrays.copyOf(wordTo, count * 2);
            }
            wordFrom[count] = from;
            wordTo[count++] = to;
        }
    }

    private final Options options;

    public BasicTokenizer(Options options) {
        this.options = options;
    }

    public Options options() { return options; }

    /** Splits {@code text} into normalised words. */
    public Words split(String text) {
        Words w = new Words();
        split(text, 0, text.length(), w);
        return w;
    }

    /** Normalises {@code text[from, to)} into {@code out} (cleared first) and splits it into words. */
    public void split(String text, int from, int to, Words out) {
        out.clear();
        int wordStart = 0;
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (options.cleanText && (cp == 0 || cp == 0xFFFD || isControl(cp))) { i = next; continue; }
            if (isWhitespace(cp)) {
                out.addWord(wordStart, out.length);
                wordStart = out.length;
                i = next;
                continue;
            }
            boolean alone = options.handleChineseChars && isChinese(cp);
            if (alone) { out.addWord(wordStart, out.length); wordStart = out.length; }
            int made = out.length;
            if (cp < 0x80 && !options.lowercase) out.append((char) cp, i, next);
            else if (cp < 0x80) out.append((char) Character.toLowerCase(cp), i, next);
            else appendNormalised(cp, i, next, out);
            // Punctuation is only known after normalisation: NFD and lower-casing keep it, so test each char made.
            for (int k = made; k < out.length; ) {
                int c = Character.codePointAt(out.chars, k, out.length);
                int n = Character.charCount(c);
                if (isPunctuation(c)) {
                    out.addWord(wordStart, k);
                    out.addWord(k, k + n);
                    wordStart = k + n;
                }
                k += n;
            }
            if (alone) { out.addWord(wordStart, out.length); wordStart = out.length; }
            i = next;
        }
        out.addWord(wordStart, out.length);
    }

    /** A non-ASCII code point through NFD + accent stripping and lower-casing, each char made keeping its source. */
    private void appendNormalised(int cp, int from, int to, Words out) {
        String s = options.stripAccents ? Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFD) : null;
        if (s == null || s.length() == Character.charCount(cp) && s.codePointAt(0) == cp) {
            if (s == null || Character.getType(cp) != Character.NON_SPACING_MARK) appendLower(cp, from, to, out);
            return;
        }
        for (int k = 0; k < s.length(); ) {
            int c = s.codePointAt(k);
            if (Character.getType(c) != Character.NON_SPACING_MARK) appendLower(c, from, to, out);
            k += Character.charCount(c);
        }
    }

    private void appendLower(int cp, int from, int to, Words out) {
        if (options.lowercase) {
            // Unicode's one unconditional lower-case mapping to two code points; Character.toLowerCase gives one.
            if (cp == 0x130) { out.append('i', from, to); out.append('\u0307', from, to); return; }
            cp = Character.toLowerCase(cp);
        }
        if (Character.isBmpCodePoint(cp)) out.append((char) cp, from, to);
        else { out.append(Character.highSurrogate(cp), from, to); out.append(Character.lowSurrogate(cp), from, to); }
    }

    /** Unicode White_Space (as Rust's char::is_whitespace), which Java's Character.isWhitespace is not. */
    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp >= 0x09 && cp <= 0x0D || cp == 0x85 || cp == 0xA0 || cp == 0x1680 || cp >= 0x2000 && cp <= 0x200A
                || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /**
     * Categories Cc, Cf, Co and Cs except tab, newline and carriage return (which are whitespace). Unassigned code
     * points (Cn) stay, as in tokenizers (Python's BertTokenizer drops them too).
     */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE -> true;
            default -> false;
        };
    }

    /** ASCII non-alphanumeric printable characters (such as $, ^ and `) and Unicode categories P*. */
    static boolean isPunctuation(int cp) {
        if (cp >= 33 && cp <= 47 || cp >= 58 && cp <= 64 || cp >= 91 && cp <= 96 || cp >= 123 && cp <= 126) return true;
        if (cp < 0x80) return false;
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK Unified Ideographs blocks BERT treats as Chinese (not Japanese kana nor Korean Hangul). */
    static boolean isChinese(int cp) {
        return cp >= 0x4E00 && cp <= 0x9FFF || cp >= 0x3400 && cp <= 0x4DBF || cp >= 0x20000 && cp <= 0x2A6DF
                || cp >= 0x2A700 && cp <= 0x2B73F || cp >= 0x2B740 && cp <= 0x2B81F || cp >= 0x2B820 && cp <= 0x2CEAF
                || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0x2F800 && cp <= 0x2FA1F;
    }
}
