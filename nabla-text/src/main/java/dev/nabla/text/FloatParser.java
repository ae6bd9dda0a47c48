package dev.nabla.text;

import java.nio.charset.StandardCharsets;

/**
 * Decimal text to float straight from bytes, giving exactly what {@link Float#parseFloat} gives, without making a
 * String per number: the vector files hold hundreds of millions of them.
 *
 * <p>Clinger's fast path: a decimal m·10^e whose m and 10^|e| are both exact in binary needs one correctly rounded
 * multiply or divide. In float that holds for m < 2^24, |e| <= 10. Beyond that, double holds m < 2^53, |e| <= 22,
 * and its correctly rounded result d rounds on to the right float unless d sits exactly on a midpoint between two
 * floats (the true value and d are on the same side of every midpoint, which is itself a double); those rare cases,
 * long or unusual numbers ("1e-40", "NaN", hexadecimal) go to Float.parseFloat.
 */
final class FloatParser {
    private FloatParser() {}

    private static final float[] FLOAT_POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    private static final double[] DOUBLE_POW10 = new double[23];

    static {
        for (int i = 0; i < DOUBLE_POW10.length; i++) DOUBLE_POW10[i] = Double.parseDouble("1e" + i);
    }

    /** The float that b[from, to) spells; a NumberFormatException if it spells none. */
    static float parse(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) negative = b[i++] == '-';
        long m = 0;
        int digits = 0, significant = 0, exp = 0;
        for (; i < to && isDigit(b[i]); i++, digits++) {
            if (significant > 0 || b[i] != '0') {
                if (++significant > 18) return slow(b, from, to);
                m = m * 10 + (b[i] - '0');
            }
        }
        if (i < to && b[i] == '.') {
            for (i++; i < to && isDigit(b[i]); i++, digits++) {
                exp--;
                if (significant > 0 || b[i] != '0') {
                    if (++significant > 18) return slow(b, from, to);
                    m = m * 10 + (b[i] - '0');
                }
            }
        }
        if (digits == 0) return slow(b, from, to);
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negExp = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) negExp = b[i++] == '-';
            int e = 0, start = i;
            for (; i < to && isDigit(b[i]); i++) {
                if (i - start >= 6) return slow(b, from, to);
                e = e * 10 + (b[i] - '0');
            }
            if (i == start) return slow(b, from, to);
            exp += negExp ? -e : e;
        }
        if (i != to) return slow(b, from, to);
        float v;
        if (m == 0) v = 0f;
        else if (m < (1L << 24) && exp >= -10 && exp <= 10) {
            v = exp >= 0 ? (float) m * FLOAT_POW10[exp] : (float) m / FLOAT_POW10[-exp];
        } else if (m < (1L << 53) && exp >= -22 && exp <= 22) {
            double d = exp >= 0 ? (double) m * DOUBLE_POW10[exp] : (double) m / DOUBLE_POW10[-exp];
            // below the smallest normal float the float spacing changes; a midpoint needs the exact decimal
            if (d < Float.MIN_NORMAL || d > Float.MAX_VALUE
                    || (Double.doubleToRawLongBits(d) & 0x1FFFFFFFL) == 0x10000000L) return slow(b, from, to);
            v = (float) d;
        } else return slow(b, from, to);
        return negative ? -v : v;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Float.parseFloat, plus the spellings C's printf and Python write for the special values (nan, -inf, ...). */
    private static float slow(byte[] b, int from, int to) {
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        String t = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        float sign = s.startsWith("-") ? -1f : 1f;
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "nan": return Float.NaN;
            case "inf", "infinity": return sign * Float.POSITIVE_INFINITY;
            default:
        }
        if (s.isEmpty() || s.charAt(0) <= ' ' || s.charAt(s.length() - 1) <= ' ') // parseFloat would trim them
            throw new NumberFormatException("not a number: '" + s + "'");
        return Float.parseFloat(s);
    }
}
