package dev.nabla.nn;

import java.math.BigDecimal;

/** Python's spelling of values in module reprs: True/False, 1e-05, (3, 3), (10,). */
final class Repr {
    private Repr() {}

    static String bool(boolean b) {
        return b ? "True" : "False";
    }

    /** A float as Python's repr of the same (shortest) digits: 0.1, 1.0, 1e-05. */
    static String num(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal d = new BigDecimal(Float.toString((float) v)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp >= -4 && exp < 16) {
            String s = d.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d.signum() < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** A Python tuple: (3,) or (3, 3). */
    static String tuple(int... v) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) b.append(i > 0 ? ", " : "").append(v[i]);
        return b.append(v.length == 1 ? ",)" : ")").toString();
    }

    /** One value as Python prints an int, two as a tuple: how pooling layers echo their arguments. */
    static String intOrPair(int[] v) {
        return v.length == 1 ? Integer.toString(v[0]) : tuple(v);
    }
}
