package dev.nabla.text.wordpiece;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bert-base-uncased's vocabulary against Hugging Face tokenizers (Rust, through DJL), whose encodings of each line of
 * test-text.txt tools/wordpiece/ReferenceIds.java wrote: ids, offsets (code points there, UTF-16 chars here), decoded
 * text, pairs with type ids, and pairs truncated with each strategy (or failing where tokenizers fails).
 */
class BertUncasedReferenceTest {
    private static BertTokenizer bert;
    private static String[] lines;
    private static List<String[]> cases;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        bert = WordPieceFiles.loadVocab(Path.of(BertUncasedReferenceTest.class.getResource("/wordpiece/bert-base-uncased-vocab.txt").toURI()),
                BasicTokenizer.Options.UNCASED);
        String text = resource("test-text.txt");
        lines = text.substring(0, text.length() - 1).split("\n", -1);
        cases = resource("uncased-reference.txt").lines().map(l -> l.split("\t", -1)).toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BertUncasedReferenceTest.class.getResourceAsStream("/wordpiece/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int[] ints(String s) {
        return s.isEmpty() ? new int[0] : Arrays.stream(s.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static List<String[]> cases(String kind) {
        List<String[]> out = cases.stream().filter(c -> c[0].equals(kind)).toList();
        assertTrue(out.size() >= lines.length - 1, kind + " cases");
        return out;
    }

    @Test
    void singleTextIdsAndOffsets() {
        for (String[] c : cases("single")) {
            String line = lines[Integer.parseInt(c[1])];
            Encoding e = bert.encode(line);
            assertArrayEquals(ints(c[2]), e.ids(), () -> "ids of " + line);
            String[] offsets = new String[e.length()];
            for (int i = 0; i < offsets.length; i++) {
                int[] o = e.offsets()[i];
                offsets[i] = line.codePointCount(0, o[0]) + "-" + line.codePointCount(0, o[1]);
            }
            assertEquals(c[3], String.join(" ", offsets), () -> "offsets of " + line);
        }
    }

    @Test
    void decode() {
        for (String[] c : cases("decode")) {
            String line = lines[Integer.parseInt(c[1])];
            assertEquals(c[3], bert.decode(bert.encode(line).ids(), Boolean.parseBoolean(c[2])), () -> "decode of " + line);
        }
    }

    @Test
    void pairs() {
        for (String[] c : cases("pair")) {
            Encoding e = bert.encode(lines[Integer.parseInt(c[1])], lines[Integer.parseInt(c[2])]);
            assertArrayEquals(ints(c[3]), e.ids(), () -> "pair " + c[1] + " " + c[2]);
            assertArrayEquals(ints(c[4]), e.tokenTypeIds(), () -> "type ids of pair " + c[1] + " " + c[2]);
        }
    }

    @Test
    void truncatedPairs() {
        for (String kind : List.of("longest_first", "only_first", "only_second")) {
            for (String[] c : cases(kind)) {
                BertTokenizer t = bert.withTruncation(new Truncation(Integer.parseInt(c[3]), Truncation.Strategy.valueOf(kind.toUpperCase())));
                String a = lines[Integer.parseInt(c[1])], b = lines[Integer.parseInt(c[2])];
                String what = kind + " " + c[3] + " of pair " + c[1] + " " + c[2];
                if (c[4].equals("error")) {
                    assertThrows(IllegalArgumentException.class, () -> t.encode(a, b), what);
                    continue;
                }
                Encoding e = t.encode(a, b);
                assertArrayEquals(ints(c[4]), e.ids(), what);
                assertArrayEquals(ints(c[5]), e.tokenTypeIds(), what);
            }
        }
    }

    @Test
    void knownIds() {
        assertEquals(30522, bert.size());
        assertEquals(List.of(101, 102, 0, 103, 100), List.of(bert.clsTokenId(), bert.sepTokenId(), bert.padTokenId(), bert.maskTokenId(), bert.unkTokenId()));
        assertArrayEquals(new int[] {101, 7592, 1010, 2088, 999, 102}, bert.encode("Hello, world!").ids());
    }
}
