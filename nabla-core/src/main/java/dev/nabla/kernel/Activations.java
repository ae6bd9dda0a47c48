package dev.nabla.kernel;

/**
 * Scalar math that java.lang.Math lacks: an accurate erf, and GELU (exact and tanh) with their derivatives.
 * Computed in double, so the float results are within an ulp or two of the true values.
 */
public final class Activations {
    private Activations() {}

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SQRT1_2 = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double TANH_BETA = Math.sqrt(2 / Math.PI);
    private static final double TANH_KAPPA = 0.044715;

    // erf is a Taylor polynomial about the nearest grid centre 0, 1/4, ..., 6 (|h| <= 1/8); degree 11 leaves a
    // truncation error below 1e-13. Beyond 6.125, 1 - erf < 1e-17.
    private static final int CENTRES = 25;
    private static final double STEP = 0.25;
    private static final double CUTOFF = 6.125;
    private static final int DEG = 11;
    private static final double[] COEF = taylorTable();

    /** Taylor coefficients of erf about each centre c: the n-th derivative is 2/√π·(-1)^(n-1)·H_{n-1}(c)·e^{-c²} (Hermite H). */
    private static double[] taylorTable() {
        double[] t = new double[CENTRES * (DEG + 1)];
        for (int k = 0; k < CENTRES; k++) {
            double c = k * STEP;
            int base = k * (DEG + 1);
            t[base] = erfSeries(c);
            double scale = TWO_OVER_SQRT_PI * Math.exp(-c * c);
            double hPrev = 0, h = 1; // H_{n-2}, H_{n-1}
            double fact = 1;
            for (int n = 1; n <= DEG; n++) {
                fact *= n;
                t[base + n] = scale * ((n & 1) == 1 ? h : -h) / fact;
                double next = 2 * c * h - 2 * (n - 1) * hPrev; // H_n = 2c·H_{n-1} - 2(n-1)·H_{n-2}
                hPrev = h;
                h = next;
            }
        }
        return t;
    }

    /** erf(x) = 2/√π·e^{-x²}·Σ (2x²)^n·x / (1·3·…·(2n+1)): all terms positive, so no cancellation (used for the table only). */
    static double erfSeries(double x) {
        double term = x, sum = x, x2 = 2 * x * x;
        for (int n = 1; n < 1000 && term > 1e-17 * sum; n++) {
            term *= x2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
    }

    /** The error function, absolute error below 1e-12 (NaN gives NaN). */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax >= CUTOFF) return Math.copySign(1.0, x);
        int k = (int) (ax * (1 / STEP) + 0.5);
        double h = ax - k * STEP;
        int base = k * (DEG + 1);
        double r = COEF[base + DEG];
        for (int n = DEG - 1; n >= 0; n--) r = r * h + COEF[base + n];
        return Math.copySign(r, x);
    }

    /**
     * P(X > a) for a standard normal X, to about 1e-13 relative: from erf where 1 - Φ(a) does not cancel much (a < 3),
     * else φ(a) over the continued fraction of Mills' ratio, a + 1/(a + 2/(a + 3/(a + …))).
     */
    public static double normalUpperTail(double a) {
        if (!(a >= 3)) return 0.5 * (1 - erf(a * SQRT1_2));
        double r = a;
        for (int k = 120; k >= 1; k--) r = a + k / r;
        return INV_SQRT_2PI * StrictMath.exp(-0.5 * a * a) / r;
    }

    public static float erf(float x) {
        return (float) erf((double) x);
    }

    /** GELU, x·Φ(x) = x/2·(1 + erf(x/√2)). */
    public static float gelu(float x) {
        return (float) (0.5 * x * (1 + erf(x * SQRT1_2)));
    }

    /** d gelu / dx = Φ(x) + x·φ(x). */
    public static float geluGrad(float x) {
        double cdf = 0.5 * (1 + erf(x * SQRT1_2));
        double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
        return (float) (cdf + x * pdf);
    }

    /** GELU's tanh approximation, x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    public static float geluTanh(float x) {
        double inner = TANH_BETA * (x + TANH_KAPPA * x * x * x);
        return (float) (0.5 * x * (1 + Math.tanh(inner)));
    }

    public static float geluTanhGrad(float x) {
        double x2 = (double) x * x;
        double t = Math.tanh(TANH_BETA * (x + TANH_KAPPA * x2 * x));
        double dInner = TANH_BETA * (1 + 3 * TANH_KAPPA * x2);
        return (float) (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * dInner);
    }
}
