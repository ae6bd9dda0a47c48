package dev.nabla.text;

import dev.nabla.util.Plot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Chosen words' vectors projected onto their first two principal components (PCA of the centred vectors), to be
 * looked at as a labelled scatter plot.
 */
public final class WordProjection {
    private WordProjection() {}

    /**
     * Word i at (x[i], y[i]); {@code explained} holds the fractions of the words' variance along the two axes. Each
     * axis points so that its largest coordinate is positive (sklearn's sign rule), so that reruns agree.
     */
    public record Projection(List<String> words, double[] x, double[] y, double[] explained) {}

    public static Projection pca(KeyedVectors kv, List<String> words) {
        int n = words.size(), d = kv.dim();
        if (n < 2) throw new IllegalArgumentException("WordProjection: needs at least 2 words, got " + n);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            int row = kv.require(words.get(i));
            for (int k = 0; k < d; k++) x[i][k] = kv.matrix()[row * d + k];
        }
        for (int k = 0; k < d; k++) { // centre
            double mean = 0;
            for (double[] row : x) mean += row[k];
            mean /= n;
            for (double[] row : x) row[k] -= mean;
        }
        // eigenvectors of the smaller of X·Xᵀ (n × n) and Xᵀ·X (d × d): they share their non-zero eigenvalues
        boolean gram = n <= d;
        int s = gram ? n : d;
        double[][] a = new double[s][s];
        for (int i = 0; i < s; i++)
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                if (gram) for (int k = 0; k < d; k++) sum += x[i][k] * x[j][k];
                else for (double[] row : x) sum += row[i] * row[j];
                a[i][j] = a[j][i] = sum;
            }
        double trace = 0;
        for (int i = 0; i < s; i++) trace += a[i][i];
        double[][] v = new double[s][s];
        double[] lambda = jacobi(a, v);
        int[] top = topTwo(lambda);
        double[][] scores = new double[2][n];
        double[] explained = new double[2];
        for (int c = 0; c < 2; c++) {
            int e = top[c];
            double l = Math.max(lambda[e], 0);
            explained[c] = trace > 0 ? l / trace : 0;
            for (int i = 0; i < n; i++) {
                double sc = 0;
                if (gram) sc = v[i][e] * Math.sqrt(l); // X·v = u·σ
                else for (int k = 0; k < d; k++) sc += x[i][k] * v[k][e];
                scores[c][i] = sc;
            }
            int big = 0;
            for (int i = 1; i < n; i++) if (Math.abs(scores[c][i]) > Math.abs(scores[c][big])) big = i;
            if (scores[c][big] < 0) for (int i = 0; i < n; i++) scores[c][i] = -scores[c][i];
        }
        return new Projection(List.copyOf(words), scores[0], scores[1], explained);
    }

    /** Plots {@link #pca} of the words, labelled, to a .png or .svg file (written atomically). */
    public static Projection plot(KeyedVectors kv, List<String> words, Path file) throws IOException {
        Projection p = pca(kv, words);
        new Plot("PCA of " + words.size() + " word vectors",
                String.format(Locale.ROOT, "PC1 (%.1f%% of variance)", 100 * p.explained()[0]),
                String.format(Locale.ROOT, "PC2 (%.1f%% of variance)", 100 * p.explained()[1]))
                .points("words", p.x(), p.y(), words.toArray(String[]::new))
                .save(file);
        return p;
    }

    private static int[] topTwo(double[] lambda) {
        int first = 0;
        for (int i = 1; i < lambda.length; i++) if (lambda[i] > lambda[first]) first = i;
        int second = first == 0 ? 1 : 0;
        for (int i = 0; i < lambda.length; i++) if (i != first && lambda[i] > lambda[second]) second = i;
        return new int[] {first, second};
    }

    /**
     * Eigenvalues of the symmetric matrix a (destroyed), by cyclic Jacobi rotations; v receives the eigenvectors as
     * columns. Robust when eigenvalues are close, where power iteration crawls; the matrices here are small.
     */
    static double[] jacobi(double[][] a, double[][] v) {
        int s = a.length;
        for (int i = 0; i < s; i++) {
            java.util.Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, diag = 0;
            for (int i = 0; i < s; i++) {
                diag += a[i][i] * a[i][i];
                for (int j = i + 1; j < s; j++) off += a[i][j] * a[i][j];
            }
            if (off <= 1e-30 * diag || off == 0) break;
            for (int p = 0; p < s; p++)
                for (int q = p + 1; q < s; q++) {
                    if (a[p][q] == 0) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), sn = t * c;
                    for (int k = 0; k < s; k++) { // A·J
                        double akp = a[k][p], akq = a[k][q];
                        a[k][p] = c * akp - sn * akq;
                        a[k][q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < s; k++) { // Jᵀ·A
                        double apk = a[p][k], aqk = a[q][k];
                        a[p][k] = c * apk - sn * aqk;
                        a[q][k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < s; k++) {
                        double vkp = v[k][p], vkq = v[k][q];
                        v[k][p] = c * vkp - sn * vkq;
                        v[k][q] = sn * vkp + c * vkq;
                    }
                }
        }
        double[] lambda = new double[s];
        for (int i = 0; i < s; i++) lambda[i] = a[i][i];
        return lambda;
    }
}
