package dev.nabla.text.tasks;

/**
 * One example of a text classification task: the text, its class index and the file it came from (which decides its
 * split, so that texts of one file never straddle splits). The text is one line: no tab, line break or carriage
 * return, so that it fits a TSV row as it is.
 */
public record LabeledText(String text, int label, String file) {
    public LabeledText {
        if (label < 0) throw new IllegalArgumentException("LabeledText: negative label " + label);
        if (text.isEmpty()) throw new IllegalArgumentException("LabeledText: empty text");
        requireOneLine("text", text);
        requireOneLine("file", file);
    }

    private static void requireOneLine(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r')
                throw new IllegalArgumentException("LabeledText: " + what + " contains a tab or line break: " + s);
        }
    }
}
