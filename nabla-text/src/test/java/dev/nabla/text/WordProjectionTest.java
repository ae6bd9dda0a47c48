package dev.nabla.text;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordProjectionTest {
    @TempDir Path dir;

    @Test
    void jacobiDiagonalisesASymmetricMatrix() {
        var rnd = new SplittableRandom(3);
        int s = 12;
        double[][] a = new double[s][s];
        for (int i = 0; i < s; i++) for (int j = 0; j <= i; j++) a[i][j] = a[j][i] = rnd.nextGaussian();
        double[][] copy = new double[s][];
        for (int i = 0; i < s; i++) copy[i] = a[i].clone();
        double[][] v = new double[s][s];
        double[] lambda = WordProjection.jacobi(a, v);
        for (int e = 0; e < s; e++)
            for (int i = 0; i < s; i++) {
                double av = 0;
                for (int k = 0; k < s; k++) av += copy[i][k] * v[k][e];
                assertEquals(lambda[e] * v[i][e], av, 1e-9); // A·v = λ·v
            }
    }

    /** Points on a plane of 5-D space, spread 3:1 along its two directions, plus tiny noise off it. */
    private static KeyedVectors plane(int n) {
        var rnd = new SplittableRandom(9);
        double[] u = {1, 1, 0, 0, 0}, w = {0, 0, 1, -1, 0};
        List<String> words = new ArrayList<>();
        float[] m = new float[n * 5];
        for (int i = 0; i < n; i++) {
            words.add("w" + i);
            double p = 3 * rnd.nextGaussian(), q = rnd.nextGaussian();
            for (int k = 0; k < 5; k++) m[i * 5 + k] = (float) (7 + p * u[k] / Math.sqrt(2) + q * w[k] / Math.sqrt(2) + 1e-4 * rnd.nextGaussian());
        }
        return new KeyedVectors(words, 5, m);
    }

    @Test
    void theTwoAxesAreThePlaneOfTheWordsWhicheverMatrixIsDiagonalised() {
        // 4 words (< dim: the n × n Gram matrix) and 40 words (> dim: the dim × dim covariance)
        for (int n : new int[] {4, 40}) {
            KeyedVectors kv = plane(n);
            var p = WordProjection.pca(kv, kv.words());
            assertEquals(1, p.explained()[0] + p.explained()[1], 1e-6, "the plane holds all the variance");
            assertTrue(p.explained()[0] >= p.explained()[1]);
            // distances between words survive the projection (the plane is their whole spread)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < i; j++) {
                    double d2 = 0;
                    for (int k = 0; k < 5; k++) d2 += Math.pow(kv.matrix()[i * 5 + k] - kv.matrix()[j * 5 + k], 2);
                    double p2 = Math.pow(p.x()[i] - p.x()[j], 2) + Math.pow(p.y()[i] - p.y()[j], 2);
                    assertEquals(Math.sqrt(d2), Math.sqrt(p2), 1e-3);
                }
        }
    }

    @Test
    void plotsLabelledWords() throws IOException {
        KeyedVectors kv = plane(6);
        Path svg = dir.resolve("words.svg");
        WordProjection.plot(kv, List.of("w0", "w3", "w5"), svg);
        String text = Files.readString(svg);
        for (String w : List.of("w0", "w3", "w5")) assertTrue(text.contains(">" + w + "</text>"), w);
        Path png = dir.resolve("words.png");
        WordProjection.plot(kv, List.of("w0", "w1", "w2"), png);
        assertTrue(Files.size(png) > 1000);
        var e = assertThrows(IllegalArgumentException.class, () -> WordProjection.pca(kv, List.of("w0", "nope")));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }
}
