package dev.nabla.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JavadocTextTest {
    private static List<String> paragraphs(String source) {
        List<String> out = new ArrayList<>();
        JavadocText.paragraphs(source, out::add);
        return out;
    }

    @Test
    void keepsProseAndDropsCodeTagsAndHtml() {
        String src = """
                /*
                 * Copyright: a licence header, not Javadoc.
                 */
                package p;
                /**
                 * Returns the <em>largest</em> of {@code a} and {@link Math#max(int, int) the other value}.
                 * A &lt;b&gt; entity &amp; more.
                 * <pre>{@code
                 *   int x = max(1, 2);
                 * }</pre>
                 * <p>Second paragraph, see {@link java.util.List}.
                 *
                 * @param a the first number
                 * @return the bigger one
                 * @throws IllegalArgumentException if a is negative
                 * @see Math
                 * @since 1.0
                 */
                static int max(int a, int b) { return "/** not a comment */".length(); } // /** nor this */
                """;
        List<String> p = paragraphs(src);
        assertEquals(List.of(
                "Returns the largest of and the other value . A <b> entity & more.",
                "Second paragraph, see .",
                "the first number",
                "the bigger one",
                "if a is negative"), p);
    }

    @Test
    void blankLinesAndBlockElementsBreakParagraphs() {
        assertEquals(List.of("One.", "Two.", "Three", "four"), paragraphs("/** One.\n *\n * Two.<ul><li>Three<li>four</ul>*/"));
        assertEquals(List.of(), paragraphs("/**/ class A {} /** */"));
        assertEquals(List.of("é"), paragraphs("/** &#233;<code>dropped</code> */"));
    }

    @Test
    void stringsAndTextBlocksAreNotComments() {
        String src = "String s = \"/** no */\"; char c = '\"'; String t = \"\"\"\n/** no */\n\"\"\"; /** yes */";
        assertEquals(List.of("yes"), paragraphs(src));
    }
}
