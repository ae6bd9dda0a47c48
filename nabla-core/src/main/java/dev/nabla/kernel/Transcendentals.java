package dev.nabla.kernel;

/**
 * e^x, log x and tanh x in float from +, ×, fma, ÷, compares and bit operations only, so that they give the same
 * bits in the interpreter and in compiled code, in every JVM (Math.exp and the Vector API's EXP, LOG, TANH may each
 * call a different implementation once the JIT has compiled the caller). {@link PanamaVectorOps} computes the same
 * sequence lane by lane, so the vector and scalar kernels agree bit for bit. Measured against the correctly rounded
 * results (TranscendentalsTest): at most 1 ulp for exp, 1 ulp for log and 2 ulp for tanh.
 */
final class Transcendentals {
    private Transcendentals() {}

    // exp(x): x = k·ln2 + r with |r| <= ln2/2 (k·ln2 subtracted in two parts, exactly enough through fma), exp(r) by a
    // degree-6 polynomial (a relative least-squares fit, error ~3e-9), then scaled by 2^k. x is clamped to
    // [EXP_MIN, EXP_MAX], beyond which the result rounds to 0 or overflows; 2^k is applied as two factors 2^(k/2) and
    // 2^(k - k/2), both normal floats, so that subnormal and infinite results come out right. Where the result is a
    // normal float (x in [EXP_FAST_LO, EXP_FAST_HI]) both products are exact and equal to adding k to the exponent
    // bits, which is what the vector kernel does when a whole vector is in that range.
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693147182464599609f;    // ln 2 rounded to float
    static final float LN2_LO = -1.90465429995776805e-09f; // ln 2 - LN2_HI
    static final float ROUNDER = 0x1.8p23f;                // adding it rounds |v| < 2^22 to an integer, kept in the low bits
    static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    static final float P6 = 0.0013814574340358377f, P5 = 0.008368703536689281f, P4 = 0.04166838899254799f,
            P3 = 0.1666652113199234f, P2 = 0.4999999403953552f;
    static final float EXP_MIN = -105f, EXP_MAX = 89f;
    static final float EXP_FAST_LO = -86f, EXP_FAST_HI = 88f;

    static float exp(float x) {
        float v = Math.min(Math.max(x, EXP_MIN), EXP_MAX); // NaN stays NaN
        float t = Math.fma(v, LOG2E, ROUNDER), k = t - ROUNDER;
        float r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, v));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, P6, P5), r, P4), r, P3), r, P2), r, 1f), r, 1f);
        int ki = Float.floatToRawIntBits(t) - ROUNDER_BITS, h = ki >> 1;
        return p * Float.intBitsToFloat((h + 127) << 23) * Float.intBitsToFloat((ki - h + 127) << 23);
    }

    // log(x): x = 2^e·m with m in [√½, √2) (subnormals scaled by 2^23 first), f = m - 1 exact, and
    // log(m) = f - f²/2 + f³·Q(f), Q a degree-7 relative least-squares fit (error ~6e-9); e·ln2 is added in two parts,
    // LN2_HI_LOG with 12 trailing zero bits so that e·LN2_HI_LOG is exact.
    static final float LN2_HI_LOG = Float.intBitsToFloat(Float.floatToRawIntBits((float) Math.log(2)) & 0xfffff000);
    static final float LN2_LO_LOG = (float) (Math.log(2) - LN2_HI_LOG);
    static final int SQRT_HALF_BITS = Float.floatToRawIntBits((float) Math.sqrt(0.5));
    static final float Q0 = 0.333333313f, Q1 = -0.250008225f, Q2 = 0.200012267f, Q3 = -0.166233569f, Q4 = 0.142017618f,
            Q5 = -0.131601945f, Q6 = 0.127615497f, Q7 = -0.0763442963f;

    static float log(float x) {
        if (x == 0) return Float.NEGATIVE_INFINITY;
        if (x < 0) return Float.NaN;
        if (!(x < Float.POSITIVE_INFINITY)) return x; // +inf, NaN
        boolean sub = x < Float.MIN_NORMAL;
        int bits = Float.floatToRawIntBits(sub ? x * 0x1p23f : x), e = (bits - SQRT_HALF_BITS) >> 23;
        float f = Float.intBitsToFloat(bits - (e << 23)) - 1f, ef = (float) e + (sub ? -23f : 0f);
        float z = f * f;
        float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(f, Q7, Q6), f, Q5), f, Q4), f, Q3), f, Q2), f, Q1), f, Q0);
        float lo = Math.fma(ef, LN2_LO_LOG, Math.fma(z * f, q, z * -0.5f));
        return Math.fma(ef, LN2_HI_LOG, f + lo);
    }

    // tanh|x| = |x| + |x|³·T(x²) below TANH_SMALL (T a degree-4 fit in x², error ~4e-9), where 1 - 2/(e^2|x| + 1) would
    // cancel; above it that formula, which saturates to 1 once e^2|x| overflows; then x's sign bit (so tanh(-0) = -0).
    static final float TANH_SMALL = 0.625f;
    static final float T0 = -0.333332807f, T1 = 0.133314416f, T2 = -0.0537397154f, T3 = 0.0206390899f, T4 = -0.00570499059f;

    static float tanh(float x) {
        float a = Math.abs(x), z = a * a;
        float t = a < TANH_SMALL ? Math.fma(a * z, Math.fma(Math.fma(Math.fma(Math.fma(z, T4, T3), z, T2), z, T1), z, T0), a)
                : 1f - 2f / (exp(a + a) + 1f);
        return Math.copySign(t, x);
    }

    /** 1/(1 + e^-x), as e^x/(1 + e^x) below 0 so that it keeps its relative accuracy down to the subnormals. */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        return (x < 0 ? e : 1f) / (e + 1f);
    }

    /** x·sigmoid(x), with the same single division. */
    static float silu(float x) {
        float e = exp(-Math.abs(x));
        return (x < 0 ? x * e : x) / (e + 1f);
    }

    /** log(1 + e^z) as max(z, 0) + log1p(e^-|z|), which neither overflows nor loses small values; log1p(w) is log(1 + w) corrected by the rounding of 1 + w. */
    static float softplus(float z) {
        float w = exp(-Math.abs(z)), w1 = w + 1f;
        return Math.max(z, 0f) + (log(w1) + (w - (w1 - 1f)) / w1);
    }
}
