package dev.nabla.text.tasks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ConfusionMatrixTest {
    @Test
    void metricsOfAHandCheckedConfusion() {
        // true a a a a b b c c c c ; predicted a a a b b c c c c a
        int[] gold = {0, 0, 0, 0, 1, 1, 2, 2, 2, 2};
        int[] pred = {0, 0, 0, 1, 1, 2, 2, 2, 2, 0};
        ConfusionMatrix m = ConfusionMatrix.of(List.of("a", "b", "c"), gold, pred);
        assertEquals(3, m.count(0, 0));
        assertEquals(1, m.count(2, 0));
        assertEquals(10, m.total());
        assertEquals(0.7, m.accuracy(), 1e-12);
        // a: p 3/4, r 3/4 -> f1 3/4; b: p 1/2, r 1/2 -> 1/2; c: p 3/4, r 3/4 -> 3/4
        assertEquals(0.75, m.precision(0), 1e-12);
        assertEquals(0.5, m.recall(1), 1e-12);
        assertEquals(0.75, m.f1(2), 1e-12);
        assertEquals((0.75 + 0.5 + 0.75) / 3, m.macroF1(), 1e-12);
        assertEquals("accuracy 70.00%, macro-F1 66.67% (n=10)", m.summary());
        assertTrue(m.toString().contains("[1] b"), m.toString());
    }

    @Test
    void aClassNeverSeenNorPredictedScoresZero() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of("a", "b"), new int[] {0, 0}, new int[] {0, 0});
        assertEquals(1.0, m.accuracy());
        assertEquals(0.0, m.f1(1));
        assertEquals(0.5, m.macroF1(), 1e-12);
    }

    @Test
    void badInputIsRefused() {
        List<String> ab = List.of("a", "b");
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(ab, new int[] {0}, new int[] {0, 1}));
        assertThrows(IndexOutOfBoundsException.class, () -> ConfusionMatrix.of(ab, new int[] {2}, new int[] {0}));
    }
}
