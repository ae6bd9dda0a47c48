package dev.nabla.models.seq2seq;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The demo task, generated on the fly: numbers 0 ... 999,999,999 in English words (word tokens, the hyphen of
 * "forty-two" its own token) to digits (one token per digit), or the reverse. Numbers are drawn with a uniformly
 * random number of digits (1 to 9), then uniformly among those. One number in {@value #HELD_OUT_ONE_IN} (by a fixed
 * hash, whatever the seed) is held out: training never sees it, evaluation uses only those.
 */
public final class NumberTask {
    public enum Direction {
        WORDS_TO_DIGITS, DIGITS_TO_WORDS;

        public static Direction parse(String s) {
            return switch (s) {
                case "words-to-digits", "w2d" -> WORDS_TO_DIGITS;
                case "digits-to-words", "d2w" -> DIGITS_TO_WORDS;
                default -> throw new IllegalArgumentException("NumberTask: direction is words-to-digits or digits-to-words, not '" + s + "'");
            };
        }

        public String label() {
            return this == WORDS_TO_DIGITS ? "words-to-digits" : "digits-to-words";
        }
    }

    public static final int HELD_OUT_ONE_IN = 20;
    /** The longest token sequence of either side (without BOS/EOS): 777,777,777 in words has 21 tokens. */
    public static final int MAX_TOKENS = 24;

    public final Direction direction;
    public final Vocab source, target;

    public NumberTask(Direction direction) {
        this.direction = direction;
        Vocab words = new Vocab(wordTokens()), digits = new Vocab(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        boolean w2d = direction == Direction.WORDS_TO_DIGITS;
        source = w2d ? words : digits;
        target = w2d ? digits : words;
    }

    private static List<String> wordTokens() {
        List<String> t = new ArrayList<>(Arrays.asList(NumberWords.UNITS));
        for (String s : NumberWords.TENS) if (!s.isEmpty()) t.add(s);
        t.addAll(List.of("hundred", "thousand", "million", "-"));
        return t;
    }

    /** "forty-two thousand" → [forty, -, two, thousand] */
    public static List<String> wordsToTokens(String words) {
        List<String> out = new ArrayList<>();
        for (String w : words.trim().split("\\s+")) {
            int dash = w.indexOf('-');
            if (dash < 0) out.add(w);
            else out.addAll(List.of(w.substring(0, dash), "-", w.substring(dash + 1)));
        }
        return out;
    }

    public static String tokensToWords(List<String> tokens) {
        return String.join(" ", tokens).replace(" - ", "-");
    }

    public List<String> sourceTokens(long n) {
        return direction == Direction.WORDS_TO_DIGITS ? wordsToTokens(NumberWords.words(n)) : digitTokens(n);
    }

    public List<String> targetTokens(long n) {
        return direction == Direction.WORDS_TO_DIGITS ? digitTokens(n) : wordsToTokens(NumberWords.words(n));
    }

    /** Text typed by a user (words or digits, as the source side) to source tokens. */
    public List<String> parseSource(String text) {
        String t = text.trim();
        if (direction == Direction.DIGITS_TO_WORDS) {
            if (!t.matches("[0-9]{1,9}")) throw new IllegalArgumentException("NumberTask: '" + text + "' is not 1 to 9 digits");
            return t.chars().mapToObj(c -> String.valueOf((char) c)).toList();
        }
        List<String> toks = wordsToTokens(t.toLowerCase(java.util.Locale.ROOT));
        for (String s : toks) source.id(s); // unknown words fail here, naming the word
        return toks;
    }

    /** The output tokens as text: digits joined, or words with their hyphens. */
    public String targetText(List<String> tokens) {
        return direction == Direction.WORDS_TO_DIGITS ? String.join("", tokens) : tokensToWords(tokens);
    }

    private static List<String> digitTokens(long n) {
        return Long.toString(n).chars().mapToObj(c -> String.valueOf((char) c)).toList();
    }

    /** Whether n is kept for evaluation (fixed by a hash of n alone). */
    public static boolean isHeldOut(long n) {
        long z = n + 0x9E3779B97F4A7C15L; // splitmix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return Long.remainderUnsigned(z, HELD_OUT_ONE_IN) == 0;
    }

    /** A number with 1 to 9 digits (uniformly), then uniform among those. */
    static long draw(Generator g) {
        int digits = 1 + g.nextInt(9);
        long lo = digits == 1 ? 0 : pow10(digits - 1), hi = pow10(digits);
        return lo + (long) (g.nextDouble() * (hi - lo));
    }

    private static long pow10(int k) {
        long p = 1;
        for (int i = 0; i < k; i++) p *= 10;
        return p;
    }

    /** A training number (never a held-out one). */
    public static long trainNumber(Generator g) {
        long n;
        do n = draw(g); while (isHeldOut(n));
        return n;
    }

    /** count distinct held-out numbers drawn as training numbers are; seeded, so every run evaluates on the same set. */
    public static long[] heldOutNumbers(int count, long seed) {
        Generator g = new Generator(seed);
        Set<Long> s = new LinkedHashSet<>();
        while (s.size() < count) {
            long n = draw(g);
            if (isHeldOut(n)) s.add(n);
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * A padded batch, batch first: src (B, S) with srcPad (B, S) nonzero at padding; tgtIn = BOS + target and
     * tgtOut = target + EOS, both (B, T) padded with PAD, tgtPad marking tgtIn's padding.
     */
    public record Batch(IntTensor src, IntTensor srcPad, IntTensor tgtIn, IntTensor tgtOut, IntTensor tgtPad, int targetTokens) {
    }

    public Batch batch(long[] numbers) {
        int b = numbers.length;
        int[][] srcs = new int[b][], tgts = new int[b][];
        int s = 0, t = 0, count = 0;
        for (int i = 0; i < b; i++) {
            srcs[i] = source.encode(sourceTokens(numbers[i]));
            tgts[i] = target.encode(targetTokens(numbers[i]));
            s = Math.max(s, srcs[i].length);
            t = Math.max(t, tgts[i].length + 1);
            count += tgts[i].length + 1;
        }
        int[] src = new int[b * s], srcPad = new int[b * s], in = new int[b * t], out = new int[b * t], tgtPad = new int[b * t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < s; j++) {
                boolean real = j < srcs[i].length;
                src[i * s + j] = real ? srcs[i][j] : Vocab.PAD;
                srcPad[i * s + j] = real ? 0 : 1;
            }
            int[] y = tgts[i];
            for (int j = 0; j < t; j++) {
                in[i * t + j] = j == 0 ? Vocab.BOS : j <= y.length ? y[j - 1] : Vocab.PAD;
                out[i * t + j] = j < y.length ? y[j] : j == y.length ? Vocab.EOS : Vocab.PAD;
                tgtPad[i * t + j] = j <= y.length ? 0 : 1;
            }
        }
        return new Batch(IntTensor.wrap(src, b, s), IntTensor.wrap(srcPad, b, s), IntTensor.wrap(in, b, t),
                IntTensor.wrap(out, b, t), IntTensor.wrap(tgtPad, b, t), count);
    }
}
