package dev.nabla.text.bpe;

import dev.nabla.util.Progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns byte-level BPE merges from a corpus, as GPT-2's tokenizer was made: the text is split by {@link Gpt2Split},
 * equal pieces are counted once with their frequency, every piece starts as its UTF-8 bytes (the 256 byte tokens, in
 * GPT-2's order), and the adjacent pair with the largest frequency-weighted count is merged again and again until the
 * vocabulary has the chosen size. Ties go to the pair of smaller ids (left first), so training is deterministic.
 * {@link PairMerges} does the merging. Special tokens take the last ids, as {@code <|endoftext|>} does in GPT-2.
 */
public final class BpeTrainer {
    private BpeTrainer() {}

    /** Trains on a UTF-8 file (malformed bytes read as U+FFFD), with a progress bar on standard error if asked. */
    public static BpeTokenizer train(Path corpus, int vocabSize, List<String> specials, boolean progress) throws IOException {
        return train(new String(java.nio.file.Files.readAllBytes(corpus), StandardCharsets.UTF_8), vocabSize, specials, progress);
    }

    /** Trains on {@code text}; {@code vocabSize} counts the 256 byte tokens, the merged tokens and the special tokens. */
    public static BpeTokenizer train(String text, int vocabSize, List<String> specials, boolean progress) {
        int merges = vocabSize - 256 - specials.size();
        if (merges < 0) throw new IllegalArgumentException("vocabulary size " + vocabSize + " is below 256 bytes + " + specials.size() + " special tokens");
        return train(count(BpeTokenizer.wellFormed(text), progress), merges, specials, progress);
    }

    /** Distinct pieces of the text with their frequencies. */
    private static Map<String, int[]> count(String text, boolean progress) {
        Map<String, int[]> counts = new HashMap<>();
        try (Progress bar = progress ? new Progress("bpe count", text.length(), "chars") : null) {
            long[] shown = {0};
            Gpt2Split.split(text, (s, e) -> {
                counts.computeIfAbsent(text.substring(s, e), k -> new int[1])[0]++;
                if (bar != null && e - shown[0] >= 1 << 20) { bar.advance(e - shown[0]); shown[0] = e; }
            });
            if (bar != null) bar.advance(text.length() - shown[0]);
        }
        return counts;
    }

    /** Every piece as its byte tokens (the 256 in GPT-2's order), merged until {@code target} merges are made. */
    private static BpeTokenizer train(Map<String, int[]> counts, int target, List<String> specials, boolean progress) {
        List<String> alphabet = new ArrayList<>();
        int[] byteId = new int[256];
        for (int i = 0; i < 256; i++) {
            int b = ByteLevel.byteAt(i);
            byteId[b] = i;
            alphabet.add(String.valueOf(ByteLevel.charOf(b)));
        }
        List<String> keys = new ArrayList<>(counts.keySet());
        keys.sort(null); // a fixed word order makes the pair lists, hence everything, independent of hashing
        int[][] words = new int[keys.size()][];
        long[] freqs = new long[keys.size()];
        for (int w = 0; w < keys.size(); w++) {
            byte[] b = keys.get(w).getBytes(StandardCharsets.UTF_8);
            words[w] = new int[b.length];
            for (int i = 0; i < b.length; i++) words[w][i] = byteId[b[i] & 0xFF];
            freqs[w] = counts.get(keys.get(w))[0];
        }
        PairMerges run = new PairMerges(alphabet, words, freqs, String::concat);
        try (Progress bar = progress ? new Progress("bpe merges", target, "merges") : null) {
            while (run.tokens().size() - 256 < target && run.mergeNext(1)) // stops early when every piece is one token
                if (bar != null) bar.step();
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String t : run.tokens()) vocab.put(t, vocab.size());
        Map<String, Integer> specialIds = new LinkedHashMap<>();
        for (String s : specials) {
            if (vocab.containsKey(s) || specialIds.containsKey(s)) throw new IllegalArgumentException("special token " + s + " is already a token");
            specialIds.put(s, vocab.size() + specialIds.size());
        }
        return new BpeTokenizer(vocab, run.merges(), k -> "merge " + k, specialIds, false, "trained vocabulary");
    }
}
