package dev.nabla.text.bpe;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BpeSplitTest {
    /** GPT-2's pattern; in Java, UNICODE_CHARACTER_CLASS makes \s Unicode's White_Space, as in Python's regex. */
    private static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private static List<String> regex(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = GPT2.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }

    private static List<String> scanner(String s) {
        List<String> out = new ArrayList<>();
        Gpt2Split.split(s, (a, b) -> out.add(s.substring(a, b)));
        return out;
    }

    @Test
    void examples() {
        assertEquals(List.of("Hello", ",", " world", "!"), scanner("Hello, world!"));
        assertEquals(List.of("a", "  ", " b"), scanner("a   b"));
        assertEquals(List.of("it", "'s", " they", "'re", " '", "s"), scanner("it's they're 's"));
        assertEquals(List.of("'s", "am", " x", "?'", "s"), scanner("'sam x?'s"));
        assertEquals(List.of("end", "  \n"), scanner("end  \n"));
        assertEquals(List.of("a", " \n", "\n", "b"), scanner("a \n\nb"));
        assertEquals(List.of("x", "\t", "y", " 1234", " ½"), scanner("x\ty 1234 ½"));
        assertEquals(List.of("我爱", "。", " 🙂👍"), scanner("我爱。 🙂👍"));
    }

    @Test
    void sameSplitsAsTheRegularExpression() {
        String[] atoms = {"a", "Z", "é", "我", "'", "s", "t", "re", "ll", "'d", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000",
                "\u2009", "\u0085", "\ufeff", "0", "7", "½", "Ⅻ", "٣", "!", "?", ".", "🙂", "👍🏽", "\u200d", "_", "-", "\u0301", "\ud800", "\udc00"};
        Random r = new Random(8);
        for (int t = 0; t < 20_000; t++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(12); k >= 0; k--) b.append(atoms[r.nextInt(atoms.length)]);
            String s = b.toString();
            assertEquals(regex(s), scanner(s), () -> "on " + escape(s));
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }
}
