package dev.nabla.text.wordpiece;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
 * text, pairs with type ids, and pairs truncated with each strategy (or failing where tokenizers fails). Once with
 * the uncased rules (uncased-reference.txt), once with the cased ones, no lower-casing nor accent stripping, over the
 * same vocabulary (cased-rules-reference.txt).
 */
class BertReferenceTest {
    private static String[] lines;
    private static Path vocab;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        vocab = Path.of(BertReferenceTest.class.getResource("/wordpiece/bert-base-uncased-vocab.txt").toURI());
        String text = resource("test-text.txt");
        lines = text.substring(0, text.length() - 1).split("\n", -1);
    }

    /** A tokenizer with the given casing rules and the reference's cases for them. */
    record Reference(BertTokenizer bert, List<String[]> cases) {
        @Override
        public String toString() { return bert.options().lowercase() ? "uncased" : "cased rules"; }
    }

    static List<Reference> references() throws IOException, URISyntaxException {
        load();
        return List.of(reference(BasicTokenizer.Options.UNCASED, "uncased-reference.txt"), reference(BasicTokenizer.Options.CASED, "cased-rules-reference.txt"));
    }

    private static Reference reference(BasicTokenizer.Options options, String file) throws IOException {
        return new Reference(WordPieceFiles.loadVocab(vocab, options), resource(file).lines().map(l -> l.split("\t", -1)).toList());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BertReferenceTest.class.getResourceAsStream("/wordpiece/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int[] ints(String s) {
        return s.isEmpty() ? new int[0] : Arrays.stream(s.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static List<String[]> cases(Reference ref, String kind) {
        List<String[]> out = ref.cases().stream().filter(c -> c[0].equals(kind)).toList();
        assertTrue(out.size() >= lines.length - 1, kind + " cases");
        return out;
    }

    @ParameterizedTest
    @MethodSource("references")
    void singleTextIdsAndOffsets(Reference ref) {
        BertTokenizer bert = ref.bert();
        for (String[] c : cases(ref, "single")) {
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

    @ParameterizedTest
    @MethodSource("references")
    void decode(Reference ref) {
        BertTokenizer bert = ref.bert();
        for (String[] c : cases(ref, "decode")) {
            String line = lines[Integer.parseInt(c[1])];
            assertEquals(c[3], bert.decode(bert.encode(line).ids(), Boolean.parseBoolean(c[2])), () -> "decode of " + line);
        }
    }

    @ParameterizedTest
    @MethodSource("references")
    void pairs(Reference ref) {
        BertTokenizer bert = ref.bert();
        for (String[] c : cases(ref, "pair")) {
            Encoding e = bert.encode(lines[Integer.parseInt(c[1])], lines[Integer.parseInt(c[2])]);
            assertArrayEquals(ints(c[3]), e.ids(), () -> "pair " + c[1] + " " + c[2]);
            assertArrayEquals(ints(c[4]), e.tokenTypeIds(), () -> "type ids of pair " + c[1] + " " + c[2]);
        }
    }

    @ParameterizedTest
    @MethodSource("references")
    void truncatedPairs(Reference ref) {
        BertTokenizer bert = ref.bert();
        for (String kind : List.of("longest_first", "only_first", "only_second")) {
            for (String[] c : cases(ref, kind)) {
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
    void knownIds() throws IOException {
        BertTokenizer bert = WordPieceFiles.loadVocab(vocab, BasicTokenizer.Options.UNCASED);
        assertEquals(30522, bert.size());
        assertEquals(List.of(101, 102, 0, 103, 100), List.of(bert.clsTokenId(), bert.sepTokenId(), bert.padTokenId(), bert.maskTokenId(), bert.unkTokenId()));
        assertArrayEquals(new int[] {101, 7592, 1010, 2088, 999, 102}, bert.encode("Hello, world!").ids());
    }
}
