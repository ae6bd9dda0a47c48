package dev.nabla.models.seq2seq;

import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumberTaskTest {
    @Test
    void tokensBothWays() {
        NumberTask w2d = new NumberTask(NumberTask.Direction.WORDS_TO_DIGITS), d2w = new NumberTask(NumberTask.Direction.DIGITS_TO_WORDS);
        assertEquals(List.of("forty", "-", "two", "thousand", "seven"), w2d.sourceTokens(42_007));
        assertEquals(List.of("4", "2", "0", "0", "7"), w2d.targetTokens(42_007));
        assertEquals(w2d.sourceTokens(42_007), d2w.targetTokens(42_007));
        assertEquals("forty-two thousand seven", d2w.targetText(d2w.targetTokens(42_007)));
        assertEquals("42007", w2d.targetText(w2d.targetTokens(42_007)));
        assertEquals(w2d.sourceTokens(342_007), w2d.parseSource("Three hundred forty-two thousand seven"));
        assertThrows(IllegalArgumentException.class, () -> w2d.parseSource("three hundred and two"));
        assertThrows(IllegalArgumentException.class, () -> d2w.parseSource("12a"));
        assertEquals(3 + 10, w2d.target.size());
        for (long n : new long[] {0, 777_777_777, 373_373_373})
            assertTrue(w2d.sourceTokens(n).size() <= NumberTask.MAX_TOKENS);
    }

    @Test
    void heldOutNumbersNeverTrain() {
        long[] held = NumberTask.heldOutNumbers(500, 3);
        assertEquals(500, java.util.Arrays.stream(held).distinct().count());
        for (long n : held) assertTrue(NumberTask.isHeldOut(n));
        Generator g = new Generator(4);
        int small = 0;
        for (int i = 0; i < 20_000; i++) {
            long n = NumberTask.trainNumber(g);
            assertFalse(NumberTask.isHeldOut(n));
            if (n < 1000) small++;
        }
        assertTrue(small > 4000, "a third of the numbers have at most 3 digits: " + small);
        assertArrayEquals(held, NumberTask.heldOutNumbers(500, 3));
    }

    @Test
    void batchIsPaddedAndShifted() {
        NumberTask t = new NumberTask(NumberTask.Direction.WORDS_TO_DIGITS);
        NumberTask.Batch b = t.batch(new long[] {7, 1_000});
        // "seven" | "one thousand": S = 2; targets "7" | "1000": T = 5
        assertArrayEquals(new int[] {2, 2}, b.src().shape());
        assertArrayEquals(new int[] {0, 1, 0, 0}, b.srcPad().toArray());
        int d7 = t.target.id("7"), d1 = t.target.id("1"), d0 = t.target.id("0");
        assertArrayEquals(new int[] {Vocab.BOS, d7, 0, 0, 0, Vocab.BOS, d1, d0, d0, d0}, b.tgtIn().toArray());
        assertArrayEquals(new int[] {d7, Vocab.EOS, 0, 0, 0, d1, d0, d0, d0, Vocab.EOS}, b.tgtOut().toArray());
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 0, 0, 0, 0, 0}, b.tgtPad().toArray());
        assertEquals(2 + 5, b.targetTokens());
        assertEquals(List.of("7"), t.target.decode(new int[] {d7, Vocab.EOS, d1}));
    }
}
