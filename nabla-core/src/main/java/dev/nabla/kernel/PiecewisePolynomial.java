package dev.nabla.kernel;

import java.util.function.DoubleUnaryOperator;

/**
 * A function of a ≥ 0 as {@code pieces} polynomials: piece k covers s = a·scale in [k, k + 1) and is a polynomial in
 * t = 2(s - k) - 1 ∈ [-1, 1], the Chebyshev interpolant of the function at degree + 1 nodes rewritten in powers of t.
 * Coefficient j of piece k is at {@code coef[j·pieces + k]}, so a vector kernel picks every lane's coefficient j with one
 * table lookup. The degree is the smallest whose error, checked on a fine grid with the coefficients rounded to float,
 * is at most tol·max(|f|, floor): floor 0 asks for relative accuracy, floor 1 for absolute accuracy near values of 1.
 */
record PiecewisePolynomial(int pieces, float scale, int degree, float[] coef) {
    private static final int MAX_DEGREE = 20, CHECKS = 64;

    static PiecewisePolynomial fit(DoubleUnaryOperator f, int pieces, float scale, double tol, double floor) {
        for (int degree = 1; degree <= MAX_DEGREE; degree++) {
            float[] coef = new float[(degree + 1) * pieces];
            for (int k = 0; k < pieces; k++) {
                double[] c = interpolant(f, k, scale, degree);
                for (int j = 0; j <= degree; j++) coef[j * pieces + k] = (float) c[j];
            }
            PiecewisePolynomial p = new PiecewisePolynomial(pieces, scale, degree, coef);
            if (p.maxError(f, floor) <= tol) return p;
        }
        throw new IllegalStateException("no polynomial of degree up to " + MAX_DEGREE + " reaches " + tol + " on " + pieces + " pieces");
    }

    /** The upper end of the pieces: a ≥ range is outside them. */
    float range() {
        return (float) (pieces / (double) scale);
    }

    /** The coefficients with zeros for the powers from degree + 1 to max. */
    float[] padded(int max) {
        if (max < degree) throw new IllegalArgumentException("degree " + degree + " is above " + max);
        return java.util.Arrays.copyOf(coef, (max + 1) * pieces);
    }

    /** Piece k at t, in double (the vector kernel does the same in float). */
    double eval(int k, double t) {
        double r = coef[degree * pieces + k];
        for (int j = degree - 1; j >= 0; j--) r = r * t + coef[j * pieces + k];
        return r;
    }

    private double maxError(DoubleUnaryOperator f, double floor) {
        double worst = 0;
        for (int k = 0; k < pieces; k++) {
            for (int i = 0; i <= CHECKS; i++) {
                double t = -1 + 2.0 * i / CHECKS, want = f.applyAsDouble(at(k, t, scale));
                worst = Math.max(worst, Math.abs(eval(k, t) - want) / Math.max(Math.abs(want), floor));
            }
        }
        return worst;
    }

    private static double at(int k, double t, float scale) {
        return (k + (t + 1) / 2) / scale;
    }

    // c_j = 2/(n+1)·Σ_i f(t_i)·T_j(t_i) at the Chebyshev nodes t_i (c_0 halved), then Σ c_j·T_j expanded in powers of t
    private static double[] interpolant(DoubleUnaryOperator f, int k, float scale, int degree) {
        int n = degree + 1;
        double[] fx = new double[n], nodes = new double[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = Math.cos(Math.PI * (i + 0.5) / n);
            fx[i] = f.applyAsDouble(at(k, nodes[i], scale));
        }
        double[] power = new double[n], tPrev = new double[n], tCur = new double[n];
        tPrev[0] = 1; // T_0
        if (n > 1) tCur[1] = 1; // T_1
        for (int j = 0; j < n; j++) {
            double cj = 0;
            for (int i = 0; i < n; i++) cj += fx[i] * Math.cos(j * Math.PI * (i + 0.5) / n); // T_j(t_i)
            cj *= (j == 0 ? 1.0 : 2.0) / n;
            double[] tj = j == 0 ? tPrev : tCur;
            for (int m = 0; m < n; m++) power[m] += cj * tj[m];
            if (j >= 1) { // T_{j+1} = 2t·T_j - T_{j-1}
                double[] next = new double[n];
                for (int m = 0; m < n; m++) next[m] = (m > 0 ? 2 * tCur[m - 1] : 0) - tPrev[m];
                tPrev = tCur;
                tCur = next;
            }
        }
        return power;
    }
}
