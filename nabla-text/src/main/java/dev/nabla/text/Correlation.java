package dev.nabla.text;

import java.util.Arrays;

/** Correlation coefficients, as scipy.stats computes them (gensim reports both for word-pair similarity). */
public final class Correlation {
    private Correlation() {}

    /** Pearson's r; NaN when either side is constant. */
    public static double pearson(double[] x, double[] y) {
        check(x, y);
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Spearman's ρ: Pearson's r of the ranks, tied values sharing the average of their ranks. */
    public static double spearman(double[] x, double[] y) {
        check(x, y);
        return pearson(ranks(x), ranks(y));
    }

    /** 1-based ranks, ascending; a run of equal values gets the mean of the ranks it spans. */
    static double[] ranks(double[] x) {
        Integer[] order = new Integer[x.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; ) {
            int j = i;
            while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) j++;
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = mean;
            i = j + 1;
        }
        return r;
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("Correlation: " + x.length + " x values, " + y.length + " y values");
        if (x.length < 2) throw new IllegalArgumentException("Correlation: needs at least 2 pairs, got " + x.length);
    }
}
