package dev.nabla.text.bpe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpeTokenizerTest {
    @TempDir
    Path dir;

    /** The 256 byte tokens in GPT-2's order, then the tokens the merges make, then <|endoftext|>. */
    private static BpeTokenizer tiny(String... merges) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int i = 0; i < 256; i++) vocab.put(String.valueOf(ByteLevel.charOf(ByteLevel.byteAt(i))), i);
        List<String[]> pairs = new ArrayList<>();
        for (String m : merges) {
            String[] p = m.split(" ");
            pairs.add(p);
            vocab.putIfAbsent(p[0] + p[1], vocab.size());
        }
        vocab.put(BpeFiles.END_OF_TEXT, vocab.size());
        return new BpeTokenizer(vocab, pairs, k -> "merge " + k, Map.of(BpeFiles.END_OF_TEXT, vocab.size() - 1), false, "test");
    }

    private static List<String> tokens(BpeTokenizer t, String text) {
        return Arrays.stream(t.encode(text)).mapToObj(t::token).toList();
    }

    @Test
    void byteMapIsGpt2s() {
        assertEquals('Ġ', ByteLevel.charOf(' '));
        assertEquals('Ċ', ByteLevel.charOf('\n'));
        assertEquals('ĉ', ByteLevel.charOf('\t'));
        assertEquals('Ā', ByteLevel.charOf(0));
        assertEquals('A', ByteLevel.charOf('A'));
        assertEquals('é', ByteLevel.charOf(0xE9));
        assertEquals('ł', ByteLevel.charOf(0xA0)); // no-break space
        assertEquals('Ń', ByteLevel.charOf(0xAD)); // soft hyphen, the last remapped byte
        assertEquals('!', ByteLevel.charOf(ByteLevel.byteAt(0)));
        Set<Character> chars = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            chars.add(ByteLevel.charOf(b));
            assertEquals(b, ByteLevel.byteOf(ByteLevel.charOf(b)));
        }
        assertEquals(256, chars.size());
        assertEquals(-1, ByteLevel.byteOf(' '));
    }

    @Test
    void mergesApplyByRankNotByPosition() {
        assertEquals(List.of("he", "l", "lo"), tokens(tiny("l o", "h e", "l l"), "hello"));
        assertEquals(List.of("he", "ll", "o"), tokens(tiny("l l", "h e", "l o"), "hello"));
        assertEquals(List.of("hello"), tokens(tiny("l l", "h e", "he ll", "hell o"), "hello"));
        assertEquals(List.of("Ġhe", "ll", "o"), tokens(tiny("l l", "h e", "Ġ he"), " hello"));
    }

    @Test
    void everyOccurrenceMergesLeftToRight() {
        assertEquals(List.of("aa", "a"), tokens(tiny("a a"), "aaa"));
        assertEquals(List.of("aa", "aa"), tokens(tiny("a a"), "aaaa"));
        assertEquals(List.of("aaaa", "a"), tokens(tiny("a a", "aa aa"), "aaaaa"));
        assertEquals(List.of("a", "ab", "ab"), tokens(tiny("a b"), "aabab"));
    }

    @Test
    void roundTripsAnyText() {
        BpeTokenizer t = tiny("Ġ t", "h e", "Ġt he", "ä ¸");
        for (String s : List.of("", " ", "the cat", "  leading and trailing  \n\n", "我爱自然语言处理。", "🙂 👨‍👩‍👧‍👦 🇫🇷",
                "café naïve Zürich", "\u0000\u0001\u007f\u0085\u00ad\ufeff", "tabs\t\tand\r\nnewlines\n", "def f(x):\n    return x  # ok"))
            assertEquals(s, t.decode(t.encode(s)), s);
        assertEquals(List.of("Ġthe"), tokens(t, " the"));
    }

    @Test
    void cacheGivesTheSameIdsWhenFullAndAcrossThreads() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 150_000; i++) b.append(" w").append(Integer.toString(i, 26).replace('0', 'z').replace('1', 'y'));
        String text = b.toString();
        BpeTokenizer t = tiny("Ġ w", "l l", "h e"), fresh = tiny("Ġ w", "l l", "h e");
        int[] once = t.encode(text);
        assertArrayEquals(once, t.encode(text)); // more distinct pieces than the cache holds: it starts over
        assertArrayEquals(once, fresh.encode(text));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<int[]>> runs = new ArrayList<>();
            for (int k = 0; k < 3; k++) runs.add(pool.submit(() -> t.encode(text.substring(0, 300_000))));
            int[] part = fresh.encode(text.substring(0, 300_000));
            for (var r : runs) assertArrayEquals(part, r.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void loneSurrogatesEncodeAsReplacementCharacter() {
        BpeTokenizer t = tiny();
        assertArrayEquals(t.encode("a\uFFFDb"), t.encode("a\uD800b"));
        assertArrayEquals(t.encode("\uFFFD\uFFFD"), t.encode("\uDC00\uD800"));
        assertEquals("x\uFFFD", t.decode(t.encode("x\uD83D")));
        assertEquals("🙂", t.decode(t.encode("🙂"))); // a proper pair is kept
    }

    @Test
    void bytesThatAreNotUtf8DecodeAsReplacementCharacters() {
        BpeTokenizer t = tiny();
        int[] ids = {t.id("ä"), t.id("½")}; // 0xE4 0xBD: the first two bytes of a three-byte character
        assertEquals("\uFFFD", t.decode(ids)); // Python: b"\xe4\xbd".decode("utf-8", "replace") == "\ufffd"
        assertEquals("\uFFFDA", t.decode(new int[] {t.id("ä"), t.id("½"), t.id("A")}));
        assertEquals("\uFFFD\uFFFD", t.decode(new int[] {t.id("ÿ"), t.id("þ")}));
        assertArrayEquals(new byte[] {(byte) 0xE4, (byte) 0xBD}, t.decodeBytes(ids));
    }

    @Test
    void specialTokensOnlyWhenAllowed() {
        BpeTokenizer t = tiny();
        int eot = t.id(BpeFiles.END_OF_TEXT);
        assertEquals(256, eot);
        int[] plain = t.encode("a<|endoftext|>b");
        assertTrue(Arrays.stream(plain).noneMatch(i -> i == eot));
        assertEquals("a<|endoftext|>b", t.decode(plain));
        int[] special = t.encode("a<|endoftext|>b<|endoftext|>", true);
        assertArrayEquals(new int[] {t.id("a"), eot, t.id("b"), eot}, special);
        assertEquals("a<|endoftext|>b<|endoftext|>", t.decode(special));
    }

    @Test
    void savesAndLoadsVocabAndMerges() throws IOException {
        BpeTokenizer t = tiny("l l", "h e", "Ġ he", "ä ¸");
        BpeFiles.save(t, dir);
        BpeTokenizer back = BpeFiles.load(dir);
        String text = "hello, hell is 世界 <|endoftext|>";
        assertArrayEquals(t.encode(text, true), back.encode(text, true));
        assertEquals(t.vocab(), back.vocab());
        Files.move(dir.resolve("vocab.json"), dir.resolve("encoder.json"));
        Files.move(dir.resolve("merges.txt"), dir.resolve("vocab.bpe"));
        assertArrayEquals(t.encode(text), BpeFiles.load(dir).encode(text));
    }

    @Test
    void loadsTokenizerJson() throws IOException {
        BpeTokenizer t = tiny("l l", "h e", "Ġ he");
        StringBuilder vocab = new StringBuilder();
        for (var e : t.vocab().entrySet())
            vocab.append(vocab.isEmpty() ? "" : ",").append(dev.nabla.io.Json.write(e.getKey(), 0)).append(':').append(e.getValue());
        String json = """
                {"version": "1.0", "added_tokens": [{"id": 259, "content": "<|endoftext|>", "special": true}],
                 "normalizer": null, "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": %s, "trim_offsets": true, "use_regex": true},
                 "decoder": {"type": "ByteLevel"},
                 "model": {"type": "BPE", "dropout": null, "vocab": {%s}, "merges": ["l l", ["h", "e"], "Ġ he"]}}""";
        Files.writeString(dir.resolve("tokenizer.json"), json.formatted("false", vocab));
        BpeTokenizer back = BpeFiles.load(dir);
        assertArrayEquals(t.encode("hello <|endoftext|>", true), back.encode("hello <|endoftext|>", true));
        Files.writeString(dir.resolve("tokenizer.json"), json.formatted("true", vocab));
        assertEquals(List.of("Ġhe", "ll", "o"), tokens(BpeFiles.load(dir), "hello"));
        Files.writeString(dir.resolve("tokenizer.json"), json.formatted("false", vocab).replace("\"BPE\"", "\"WordPiece\""));
        var e = assertThrows(IllegalArgumentException.class, () -> BpeFiles.load(dir));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains("not BPE"), e.getMessage());
    }

    @Test
    void malformedFilesNameFileAndLine() throws IOException {
        BpeFiles.save(tiny("l l"), dir);
        Path merges = dir.resolve("merges.txt");
        Files.writeString(merges, "#version: 0.2\nl l\nh e x\n");
        var e = assertThrows(IllegalArgumentException.class, () -> BpeFiles.load(dir));
        assertTrue(e.getMessage().contains("merges.txt line 3") && e.getMessage().contains("two tokens"), e.getMessage());
        Files.writeString(merges, "#version: 0.2\nl l\nq z\n");
        e = assertThrows(IllegalArgumentException.class, () -> BpeFiles.load(dir));
        assertTrue(e.getMessage().contains("merges.txt line 3") && e.getMessage().contains("\"qz\""), e.getMessage());
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0,\n \"b\": 1,\n \"c\" 2}", StandardCharsets.UTF_8);
        e = assertThrows(IllegalArgumentException.class, () -> BpeFiles.load(dir));
        assertTrue(e.getMessage().contains("vocab.json") && e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b\": \"one\"}", StandardCharsets.UTF_8);
        e = assertThrows(IllegalArgumentException.class, () -> BpeFiles.load(dir));
        assertTrue(e.getMessage().contains("vocab.json") && e.getMessage().contains("\"b\""), e.getMessage());
    }
}
