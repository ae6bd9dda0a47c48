package dev.nabla.text;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The prose of the Javadoc comments of a Java source file, paragraph by paragraph: the corpus text of the JDK's
 * src.zip. Kept: the main description and the descriptions of {@code @param}, {@code @return}, {@code @throws},
 * {@code @deprecated}, {@code @apiNote}, {@code @implSpec} and {@code @implNote}. Dropped: code ({@code <pre>},
 * {@code <code>}, {@code {@code ...}}, {@code {@snippet ...}}, references such as {@code {@link Foo#bar}} unless they
 * carry a label), the other block tags ({@code @see}, {@code @since}, {@code @author}...), HTML tags and comments.
 * HTML entities are decoded. Paragraphs break at block tags, blank lines and block-level HTML elements.
 */
public final class JavadocText {
    private JavadocText() {}

    private static final Set<String> PROSE_TAGS = Set.of("param", "return", "returns", "throws", "exception", "deprecated",
            "apinote", "implspec", "implnote");
    /** Block tags followed by a name (parameter, exception class) before their description. */
    private static final Set<String> NAMED_TAGS = Set.of("param", "throws", "exception");
    /** HTML elements whose content is code, dropped with it. */
    private static final Set<String> CODE_ELEMENTS = Set.of("pre", "code", "tt", "samp", "kbd", "var", "script", "style");
    private static final Set<String> BLOCK_ELEMENTS = Set.of("p", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2",
            "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "caption", "thead", "tbody", "blockquote", "div", "hr",
            "section", "header", "footer", "figure", "figcaption");

    /** Calls {@code out} with each non-blank prose paragraph of the Javadoc comments in {@code source}. */
    public static void paragraphs(String source, Consumer<String> out) {
        int n = source.length();
        for (int i = 0; i < n; ) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipLiteral(source, i);
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                int eol = source.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                if (end < 0) end = n;
                if (i + 2 < end && source.charAt(i + 2) == '*') comment(source.substring(i + 3, end), out);
                i = Math.min(n, end + 2);
            } else {
                i++;
            }
        }
    }

    /** The index after the string, char or text-block literal that starts at {@code i}. */
    private static int skipLiteral(String s, int i) {
        char q = s.charAt(i);
        int n = s.length();
        if (q == '"' && s.startsWith("\"\"\"", i)) {
            int end = s.indexOf("\"\"\"", i + 3);
            while (end > 0 && s.charAt(end - 1) == '\\') end = s.indexOf("\"\"\"", end + 1);
            return end < 0 ? n : end + 3;
        }
        for (int j = i + 1; j < n; j++) {
            char c = s.charAt(j);
            if (c == '\\') j++;
            else if (c == q || c == '\n') return j + 1;
        }
        return n;
    }

    /** One comment body (between slash-star-star and star-slash): the leading stars of its lines removed, then prose. */
    private static void comment(String body, Consumer<String> out) {
        StringBuilder text = new StringBuilder(body.length());
        for (String line : body.split("\n", -1)) {
            int k = 0;
            while (k < line.length() && Character.isWhitespace(line.charAt(k))) k++;
            while (k < line.length() && line.charAt(k) == '*') k++;
            text.append(line, k, line.length()).append('\n');
        }
        new Prose(text.toString(), out).run();
    }

    /** Walks one comment's text, writing prose into the current paragraph and handing finished paragraphs out. */
    private static final class Prose {
        private final String s;
        private final Consumer<String> out;
        private final StringBuilder para = new StringBuilder();
        private boolean dropping; // inside a block tag whose text is not prose

        Prose(String s, Consumer<String> out) {
            this.s = s;
            this.out = out;
        }

        void run() {
            int n = s.length();
            boolean lineStart = true;
            for (int i = 0; i < n; ) {
                char c = s.charAt(i);
                if (lineStart && c == '@' && i + 1 < n && Character.isLetter(s.charAt(i + 1))) {
                    i = blockTag(i);
                } else if (c == '{' && i + 1 < n && s.charAt(i + 1) == '@') {
                    i = inlineTag(i);
                } else if (c == '<') {
                    i = html(i);
                } else if (c == '&') {
                    i = entity(i);
                } else if (c == '\n') {
                    if (lineStart) breakParagraph(); // a blank line
                    else emit(' ');
                    i++;
                } else {
                    emit(c);
                    i++;
                }
                if (c != '\n' && !Character.isWhitespace(c)) lineStart = false;
                else if (c == '\n') lineStart = true;
            }
            breakParagraph();
        }

        /** Appends to the paragraph (unless dropping), runs of white space as one space. */
        private void emit(char c) {
            if (dropping) return;
            if (!Character.isWhitespace(c)) para.append(c);
            else if (!para.isEmpty() && para.charAt(para.length() - 1) != ' ') para.append(' ');
        }

        private void emit(String t) {
            for (int i = 0; i < t.length(); i++) emit(t.charAt(i));
        }

        private void breakParagraph() {
            String p = para.toString().strip();
            if (!p.isEmpty()) out.accept(p);
            para.setLength(0);
        }

        private int word(int i) {
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) i++;
            return i;
        }

        private int spaces(int i) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '\n') i++;
            return i;
        }

        /** {@code @tag ...} at the start of a line: starts a paragraph that is prose or dropped. */
        private int blockTag(int i) {
            breakParagraph();
            int end = word(i + 1);
            String tag = s.substring(i + 1, end).toLowerCase(Locale.ROOT);
            dropping = !PROSE_TAGS.contains(tag);
            end = spaces(end);
            if (NAMED_TAGS.contains(tag)) end = spaces(word(end));
            return end;
        }

        /** {@code {@tag args}}: the label of a link, nothing of the others. Braces nest (as in {@code {@code a{b}}}). */
        private int inlineTag(int i) {
            int depth = 0, j = i;
            for (; j < s.length(); j++) {
                char c = s.charAt(j);
                if (c == '{') depth++;
                else if (c == '}' && --depth == 0) break;
            }
            int nameEnd = word(i + 2);
            String tag = s.substring(i + 2, Math.min(nameEnd, j));
            if (tag.equals("link") || tag.equals("linkplain")) {
                int refEnd = reference(spaces(Math.min(nameEnd, j)), j);
                if (refEnd < j) emit(s.substring(refEnd, j));
            }
            emit(' ');
            return Math.min(s.length(), j + 1);
        }

        /** The end of a {@code {@link}} reference such as {@code Foo#bar(int, long)}: spaces inside parentheses. */
        private int reference(int i, int end) {
            int depth = 0;
            for (; i < end; i++) {
                char c = s.charAt(i);
                if (c == '(') depth++;
                else if (c == ')') depth--;
                else if (depth <= 0 && Character.isWhitespace(c)) break;
            }
            return i;
        }

        /** An HTML tag or comment; elements holding code are skipped with their content. */
        private int html(int i) {
            if (startsWith(i, "<!--")) {
                int end = indexOf("-->", i + 4);
                return end < 0 ? s.length() : end + 3;
            }
            int close = indexOf(">", i + 1);
            if (close < 0) {
                emit('<');
                return i + 1;
            }
            int k = i + 1;
            if (k < close && s.charAt(k) == '/') k++;
            int nameStart = k;
            while (k < close && Character.isLetterOrDigit(s.charAt(k))) k++;
            String name = s.substring(nameStart, k).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) { // "a < b": not a tag
                emit('<');
                return i + 1;
            }
            boolean opening = nameStart == i + 1;
            if (opening && CODE_ELEMENTS.contains(name)) {
                int end = indexOfIgnoreCase("</" + name, close + 1);
                if (end < 0) return s.length();
                int endClose = indexOf(">", end);
                return endClose < 0 ? s.length() : endClose + 1;
            }
            if (BLOCK_ELEMENTS.contains(name)) breakParagraph();
            else emit(' ');
            return close + 1;
        }

        private int entity(int i) {
            int semi = indexOf(";", i + 1);
            if (semi < 0 || semi - i > 10) {
                emit('&');
                return i + 1;
            }
            String name = s.substring(i + 1, semi);
            String text = switch (name) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp", "ensp", "emsp", "thinsp" -> " ";
                case "mdash" -> "\u2014";
                case "ndash" -> "\u2013";
                default -> numeric(name);
            };
            emit(text);
            return semi + 1;
        }

        private static String numeric(String name) {
            try {
                if (name.startsWith("#x") || name.startsWith("#X")) return Character.toString(Integer.parseInt(name.substring(2), 16));
                if (name.startsWith("#")) return Character.toString(Integer.parseInt(name.substring(1)));
            } catch (IllegalArgumentException e) {
                // not a character reference
            }
            return " ";
        }

        private boolean startsWith(int i, String t) {
            return s.startsWith(t, i);
        }

        private int indexOf(String t, int from) {
            return s.indexOf(t, from);
        }

        private int indexOfIgnoreCase(String t, int from) {
            for (int i = s.indexOf('<', from); i >= 0; i = s.indexOf('<', i + 1))
                if (s.regionMatches(true, i, t, 0, t.length())) return i;
            return -1;
        }
    }
}
