package dev.nabla.text.wordpiece;

import dev.nabla.text.bpe.PairMerges;
import dev.nabla.util.Progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Learns a WordPiece vocabulary from a corpus as Hugging Face tokenizers' WordPieceTrainer does: the text goes through
 * BERT's {@link BasicTokenizer}, each distinct word starts as its characters (all but the first with the "##"
 * prefix), and BPE merges the most frequent adjacent pair (a + b less its prefix) until the vocabulary has the chosen
 * size or no pair is frequent enough. The vocabulary is the special tokens, the characters (by code point), then
 * the merged tokens in the order they were made; WordPiece's greedy longest match then uses it without the merges.
 */
public final class WordPieceTrainer {
    /** BERT's special tokens, in bert-base's order of appearance. */
    public static final List<String> BERT_SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private WordPieceTrainer() {}

    /** Trains on a UTF-8 file (malformed bytes read as U+FFFD). */
    public static BertTokenizer train(Path corpus, int vocabSize, long minFrequency, BasicTokenizer.Options options, boolean progress) throws IOException {
        return train(new String(java.nio.file.Files.readAllBytes(corpus), StandardCharsets.UTF_8), vocabSize, minFrequency, options, progress);
    }

    /**
     * Trains on {@code text} with {@link #BERT_SPECIALS}; {@code vocabSize} counts the special tokens, the characters
     * and the merged tokens (the characters are all kept, so the vocabulary may end up larger).
     */
    public static BertTokenizer train(String text, int vocabSize, long minFrequency, BasicTokenizer.Options options, boolean progress) {
        Map<String, long[]> counts = new HashMap<>();
        BasicTokenizer basic = new BasicTokenizer(options);
        BasicTokenizer.Words words = new BasicTokenizer.Words();
        for (int from = 0; from < text.length(); ) {
            int to = text.indexOf('\n', from);
            to = to < 0 ? text.length() : to + 1;
            basic.split(text, from, to, words);
            for (int w = 0; w < words.size(); w++) counts.computeIfAbsent(words.word(w), k -> new long[1])[0]++;
            from = to;
        }
        List<String> keys = new ArrayList<>(counts.keySet());
        keys.sort(null); // a fixed word order makes training independent of hashing
        TreeSet<String> firsts = new TreeSet<>(WordPieceTrainer::byCodePoint), rests = new TreeSet<>(WordPieceTrainer::byCodePoint);
        for (String k : keys) {
            for (int i = 0; i < k.length(); i += Character.charCount(k.codePointAt(i)))
                (i == 0 ? firsts : rests).add(Character.toString(k.codePointAt(i)));
        }
        List<String> alphabet = new ArrayList<>(BERT_SPECIALS);
        alphabet.addAll(firsts);
        for (String c : rests) alphabet.add("##" + c);
        Map<String, Integer> id = new HashMap<>();
        for (int i = 0; i < alphabet.size(); i++) id.put(alphabet.get(i), i);
        int[][] seqs = new int[keys.size()][];
        long[] freqs = new long[keys.size()];
        for (int w = 0; w < keys.size(); w++) {
            String k = keys.get(w);
            int[] s = new int[k.codePointCount(0, k.length())];
            for (int i = 0, j = 0; i < k.length(); i += Character.charCount(k.codePointAt(i)), j++)
                s[j] = id.get((i == 0 ? "" : "##") + Character.toString(k.codePointAt(i)));
            seqs[w] = s;
            freqs[w] = counts.get(k)[0];
        }
        PairMerges run = new PairMerges(alphabet, seqs, freqs, (a, b) -> a + (b.startsWith("##") ? b.substring(2) : b));
        try (Progress bar = progress ? new Progress("wordpiece merges", Math.max(0, vocabSize - alphabet.size()), "tokens") : null) {
            while (run.tokens().size() < vocabSize && run.mergeNext(Math.max(1, minFrequency)))
                if (bar != null) bar.step();
        }
        return new BertTokenizer(new WordPiece(run.tokens(), "[UNK]"), options);
    }

    private static int byCodePoint(String a, String b) {
        return Integer.compare(a.codePointAt(0), b.codePointAt(0));
    }
}
