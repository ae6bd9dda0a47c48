package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PiecewisePolynomialTest {
    /** P(X > a) against values from scipy.special.erfc(a/√2)/2, on both sides of the switch to the continued fraction. */
    @Test
    void normalUpperTailIsRelativelyAccurate() {
        double[][] known = {{0, 0.5}, {1, 0.15865525393145707}, {2.9, 0.0018658133003840375}, {3, 0.0013498980316300959},
                {3.5, 0.00023262907903552502}, {4, 3.167124183311998e-05}, {6, 9.865876450377018e-10},
                {8, 6.220960574271829e-16}, {10, 7.619853024160583e-24}, {30, 4.906713927148745e-198}};
        for (double[] k : known) assertEquals(k[1], Activations.normalUpperTail(k[0]), 1e-12 * k[1], "P(X > " + k[0] + ")");
        assertEquals(1 - 0.15865525393145707, Activations.normalUpperTail(-1), 1e-13);
        assertTrue(Double.isNaN(Activations.normalUpperTail(Double.NaN)));
    }

    @Test
    void fitsAPolynomialExactlyAtItsDegree() {
        PiecewisePolynomial p = PiecewisePolynomial.fit(a -> 1 + a * a * (0.5 - a / 8), 8, 2f, 1e-7, 1);
        assertEquals(3, p.degree());
        assertEquals(4f, p.range());
    }

    /** Each piece meets the tolerance inside and agrees with its neighbour at the joins. */
    @Test
    void meetsTheRelativeToleranceOnEveryPiece() {
        PiecewisePolynomial p = PiecewisePolynomial.fit(Activations::normalUpperTail, 32, 4f, 0x1p-22, 0);
        for (int k = 0; k < p.pieces(); k++) {
            for (int i = 0; i <= 100; i++) {
                double t = -1 + i / 50.0, a = (k + (t + 1) / 2) / 4, want = Activations.normalUpperTail(a);
                assertEquals(want, p.eval(k, t), 0x1p-22 * want, "piece " + k + " at a=" + a);
            }
            if (k > 0) assertEquals(p.eval(k - 1, 1), p.eval(k, -1), 1e-6 * p.eval(k, -1), "join before piece " + k);
        }
        assertThrows(IllegalArgumentException.class, () -> p.padded(p.degree() - 1));
        assertEquals(0f, p.padded(p.degree() + 2)[(p.degree() + 2) * p.pieces()]);
    }

    @Test
    void saysWhenNoDegreeIsEnough() {
        var e = assertThrows(IllegalStateException.class, () -> PiecewisePolynomial.fit(Math::sqrt, 2, 1f, 1e-12, 0));
        assertTrue(e.getMessage().contains("no polynomial"), e.getMessage());
    }
}
