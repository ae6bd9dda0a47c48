package dev.nabla.text.bpe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpeTrainerTest {
    @TempDir
    Path dir;

    /** A small generated corpus: words from a Zipf-like vocabulary, some code, numbers, Chinese and emoji. */
    static String corpus(int words, long seed) {
        String[] vocab = {"the", "cat", "sat", "on", "mat", "and", "it's", "they're", "hello", "world", "return", "x", "=", "1",
                "42", "3.14", "café", "naïve", "我", "爱", "语言", "🙂", "(", ")", ";", "\n", "    ", "tokenizer", "token", "tokens"};
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            int k = (int) Math.min(vocab.length - 1, Math.floor(-Math.log(1 - r.nextDouble()) * 6));
            b.append(vocab[k]).append(r.nextInt(4) == 0 ? "" : " ");
        }
        return b.toString();
    }

    @Test
    void trainedTokenizerRoundTripsAndCompresses() throws IOException {
        String text = corpus(20_000, 1);
        BpeTokenizer t = BpeTrainer.train(text, 400, List.of(BpeFiles.END_OF_TEXT), false);
        assertEquals(400, t.size());
        assertEquals(399, t.id(BpeFiles.END_OF_TEXT));
        for (String s : List.of(text.substring(0, 2000), "unseen words: Zürich, 世界, 👍🏽 and \t tabs  \n", corpus(500, 2)))
            assertEquals(s, t.decode(t.encode(s)));
        int bytes = text.getBytes(StandardCharsets.UTF_8).length, ids = t.encode(text).length;
        assertTrue(ids * 3 < bytes, ids + " ids for " + bytes + " bytes");
        BpeFiles.save(t, dir);
        BpeTokenizer back = BpeFiles.load(dir);
        assertArrayEquals(t.encode(text), back.encode(text));
        assertArrayEquals(t.encode("a<|endoftext|>b", true), back.encode("a<|endoftext|>b", true));
    }

    @Test
    void trainsOnAFileWithBytesThatAreNotUtf8() throws IOException {
        Path file = dir.resolve("corpus.txt");
        byte[] good = corpus(2000, 5).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(good, good.length + 3);
        bytes[good.length] = (byte) 0xFF;
        bytes[good.length + 1] = 'o';
        bytes[good.length + 2] = 'k';
        java.nio.file.Files.write(file, bytes);
        BpeTokenizer t = BpeTrainer.train(file, 300, List.of(), false);
        assertEquals("\uFFFDok", t.decode(t.encode("\uFFFDok")));
        java.nio.file.Files.write(dir.resolve("merges.txt"), bytes);
        java.nio.file.Files.writeString(dir.resolve("vocab.json"), "{}");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> BpeFiles.load(dir));
        assertTrue(e.getMessage().contains("merges.txt") && e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void trainingIsDeterministic() {
        String text = corpus(5000, 3);
        BpeTokenizer a = BpeTrainer.train(text, 350, List.of(), false), b = BpeTrainer.train(text, 350, List.of(), false);
        assertEquals(a.vocab(), b.vocab());
        for (int k = 0; k < a.merges(); k++) assertArrayEquals(a.merge(k), b.merge(k));
    }

    @Test
    void incrementalCountsGiveTheSameMergesAsRecountingEachTime() {
        String text = corpus(3000, 4) + " aaaaaaa abababab aaaa abab";
        BpeTokenizer t = BpeTrainer.train(text, 330, List.of(), false);
        List<String[]> expected = naive(text, t.merges());
        assertEquals(expected.size(), t.merges());
        for (int k = 0; k < expected.size(); k++) assertArrayEquals(expected.get(k), t.merge(k), "merge " + k);
    }

    /** Recounts every pair before each merge; ties to the pair of smaller ids, ids in order of creation. */
    private static List<String[]> naive(String text, int merges) {
        Map<String, Integer> counts = new HashMap<>();
        Gpt2Split.split(text, (s, e) -> counts.merge(text.substring(s, e), 1, Integer::sum));
        List<String> tokens = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < 256; i++) {
            tokens.add(String.valueOf(ByteLevel.charOf(ByteLevel.byteAt(i))));
            ids.put(tokens.get(i), i);
        }
        List<int[]> words = new ArrayList<>();
        List<Integer> freq = new ArrayList<>();
        counts.forEach((w, f) -> {
            byte[] b = w.getBytes(StandardCharsets.UTF_8);
            int[] s = new int[b.length];
            for (int i = 0; i < b.length; i++) s[i] = ids.get(String.valueOf(ByteLevel.charOf(b[i] & 0xFF)));
            words.add(s);
            freq.add(f);
        });
        List<String[]> out = new ArrayList<>();
        while (out.size() < merges) {
            TreeMap<Long, Long> pairs = new TreeMap<>();
            for (int w = 0; w < words.size(); w++)
                for (int i = 0; i + 1 < words.get(w).length; i++)
                    pairs.merge((long) words.get(w)[i] << 32 | words.get(w)[i + 1], (long) freq.get(w), Long::sum);
            if (pairs.isEmpty()) break;
            long best = -1, bestCount = 0;
            for (var e : pairs.entrySet()) if (e.getValue() > bestCount) { best = e.getKey(); bestCount = e.getValue(); }
            int a = (int) (best >>> 32), b = (int) best;
            String joined = tokens.get(a) + tokens.get(b);
            int ab = ids.computeIfAbsent(joined, k -> { tokens.add(k); return tokens.size() - 1; });
            out.add(new String[] {tokens.get(a), tokens.get(b)});
            for (int w = 0; w < words.size(); w++) {
                int[] s = words.get(w);
                int[] r = new int[s.length];
                int n = 0;
                for (int i = 0; i < s.length; ) {
                    if (i + 1 < s.length && s[i] == a && s[i + 1] == b) { r[n++] = ab; i += 2; } else r[n++] = s[i++];
                }
                words.set(w, Arrays.copyOf(r, n));
            }
        }
        return out;
    }
}
