package dev.nabla.text;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    @TempDir Path dir;

    @Test
    void spearmanAveragesTheRanksOfTies() {
        // by hand: ranks x = 1, 2.5, 2.5, 4; ranks y = 1, 3, 2, 4: r = 4.5 / sqrt(4.5 · 5)
        assertEquals(4.5 / Math.sqrt(22.5), Correlation.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4}), 1e-15);
        // ties on both sides: ranks 1, 3, 3, 3, 5 and 4, 1, 2.5, 2.5, 5: r = 2 / sqrt(8 · 9.5)
        assertEquals(2 / Math.sqrt(76), Correlation.spearman(new double[] {10, 20, 20, 20, 30}, new double[] {3, 1, 2, 2, 5}), 1e-15);
        assertArrayEquals(new double[] {4, 1, 2.5, 2.5, 5}, Correlation.ranks(new double[] {3, 1, 2, 2, 5}));
        assertEquals(1, Correlation.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-15);
        assertTrue(Double.isNaN(Correlation.pearson(new double[] {1, 1, 1}, new double[] {2, 4, 6})));
    }

    /** Five 2-D unit vectors at 0, 10, 30, 60 and 90 degrees: their cosines are known. */
    private static KeyedVectors angles() {
        double[] deg = {0, 10, 30, 60, 90};
        float[] v = new float[10];
        for (int i = 0; i < 5; i++) {
            v[2 * i] = (float) Math.cos(Math.toRadians(deg[i]));
            v[2 * i + 1] = (float) Math.sin(Math.toRadians(deg[i]));
        }
        return new KeyedVectors(List.of("w0", "w1", "w2", "w3", "w4"), 2, v);
    }

    @Test
    void wordPairsGiveSpearmanWithCoverage() throws IOException {
        Path f = dir.resolve("ws.txt");
        Files.writeString(f, """
                # a comment
                Word 1\tWord 2\tHuman (mean)
                w0\tw1\t9
                w0\tw2\t7
                w0\tw3\t7.00
                w0\tunknown\t5
                w0\tw4\t1

                W1\tw2\t8
                """);
        var r = WordSimilarityEval.evaluate(angles(), f);
        // cosines 0.985, 0.866, 0.5, 0, 0.940 rank 5, 3, 2, 1, 4; gold 9, 7, 7, 1, 8 ranks 5, 2.5, 2.5, 1, 4
        assertEquals(9.5 / Math.sqrt(95), r.spearman(), 1e-12);
        assertEquals(6, r.pairs());
        assertEquals(5, r.used());
        assertEquals(5 / 6.0, r.coverage(), 1e-12);
        // case-sensitive, W1 is unknown; restricted to 4 words, w4 is too
        assertEquals(4, WordSimilarityEval.evaluate(angles(), f, 300_000, false).used());
        assertEquals(3, WordSimilarityEval.evaluate(angles(), f, 4, false).used());
    }

    @Test
    void aBadPairLineIsNamed() throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "w0\tw1\t9\nw0\tw2\n");
        var e = assertThrows(IOException.class, () -> WordSimilarityEval.evaluate(angles(), f));
        assertTrue(e.getMessage().contains("bad.txt:2: expected 'word1 word2 score'"), e.getMessage());
    }

    /**
     * Words as sums of a base and gender, royalty and youth axes, so that the analogies hold; KING (a case variant of
     * king, later in the vocabulary) sits exactly on queen, ahead of it.
     */
    private static KeyedVectors family() {
        String[] w = {"man", "woman", "king", "KING", "queen", "boy", "girl", "prince", "princess", "apple"};
        int[][] axes = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {1, 1, 0}, {0, 0, 1}, {1, 0, 1}, {0, 1, 1}, {1, 1, 1}};
        float[] v = new float[w.length * 4];
        for (int i = 0; i < axes.length; i++) {
            for (int k = 0; k < 3; k++) v[4 * i + k] = axes[i][k];
            v[4 * i + 3] = 1;
        }
        v[4 * 9] = -1; // apple: far from all
        return new KeyedVectors(List.of(w), 4, v);
    }

    @Test
    void analogiesPerSectionWithCoverageAndGensimsCaseRule() throws IOException {
        Path f = dir.resolve("q.txt");
        Files.writeString(f, """
                : family
                man woman king queen
                boy girl prince princess
                man woman duke duchess
                Man Woman Boy Girl
                : wrong
                man king woman girl
                """);
        for (Analogy method : Analogy.values()) {
            var r = AnalogyEval.evaluate(family(), f, 30_000, method, true);
            var family = r.sections().getFirst();
            // KING is the best candidate for the first question, but it is the question word king in capitals: skipped
            assertEquals(new AnalogyEval.Section("family", 3, 3, 4), family, method.toString());
            assertEquals(new AnalogyEval.Section("wrong", 0, 1, 1), r.sections().get(1));
            assertEquals(new AnalogyEval.Section("total", 3, 4, 5), r.total());
            assertEquals(0.75, r.total().accuracy());
            assertEquals(0.8, r.total().coverage());
            // case-sensitive, KING is an answer like any other (wrong), and "Man Woman Boy Girl" is unknown
            var cs = AnalogyEval.evaluate(family(), f, 30_000, method, false);
            assertEquals(new AnalogyEval.Section("family", 1, 2, 4), cs.sections().getFirst(), method.toString());
        }
        // restricted to the first 5 words, boy, girl, prince and princess are out
        assertEquals(new AnalogyEval.Section("family", 1, 1, 4), AnalogyEval.evaluate(family(), f, 5, Analogy.COS_ADD, true).sections().getFirst());
    }

    @Test
    void aBadQuestionLineIsNamed() throws IOException {
        Path f = dir.resolve("q.txt");
        Files.writeString(f, ": s\nman woman king\n");
        var e = assertThrows(IOException.class, () -> AnalogyEval.evaluate(family(), f));
        assertTrue(e.getMessage().contains("q.txt:2: expected four words"), e.getMessage());
        Files.writeString(f, "man woman king queen\n");
        e = assertThrows(IOException.class, () -> AnalogyEval.evaluate(family(), f));
        assertTrue(e.getMessage().contains("q.txt:1: a question before the first ': section' line"), e.getMessage());
    }
}
