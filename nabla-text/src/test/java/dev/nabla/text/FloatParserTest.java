package dev.nabla.text;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatParserTest {
    private static void same(String s) {
        byte[] b = ("  " + s + " ").getBytes(StandardCharsets.ISO_8859_1);
        float want = Float.parseFloat(s), got = FloatParser.parse(b, 2, b.length - 1);
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), () -> s + ": parseFloat " + want + ", parsed " + got);
    }

    @Test
    void agreesWithParseFloatBitForBitOnManyRandomSpellings() {
        var rnd = new SplittableRandom(42);
        for (int t = 0; t < 100_000; t++) {
            float f = Float.intBitsToFloat(rnd.nextInt());
            if (!Float.isFinite(f)) continue;
            double d = rnd.nextDouble(-2, 2) * Math.pow(10, rnd.nextInt(-12, 12));
            same(Float.toString(f));
            same(Double.toString(d));
            same(String.format(Locale.ROOT, "%.6f", d)); // word2vec C's %lf
            same(String.format(Locale.ROOT, "%." + rnd.nextInt(1, 12) + "g", d));
            same(String.format(Locale.ROOT, "%." + rnd.nextInt(0, 20) + "e", f));
            // long random digit strings with random exponents: the double path, its midpoint check, the slow path
            StringBuilder s = new StringBuilder(rnd.nextBoolean() ? "-" : "");
            int n = rnd.nextInt(1, 24), dot = rnd.nextInt(0, n + 1);
            for (int i = 0; i < n; i++) {
                if (i == dot) s.append('.');
                s.append((char) ('0' + rnd.nextInt(10)));
            }
            if (rnd.nextBoolean()) s.append('e').append(rnd.nextInt(-50, 40));
            same(s.toString());
        }
    }

    @Test
    void midpointsAndEdges() {
        // exactly halfway between two floats (1 + 2^-24): ties to even, and just above it
        same("1.000000059604644775390625");
        same("1.0000000596046447753906251");
        same("1.00000005960464477539062");
        same("16777217");
        same("16777219");
        for (String s : new String[] {"0", "-0", "0.0", "-0.000", "1", "+1.5", ".5", "5.", "1e10", "1E-5", "3.4028235e38", "3.4028236e38",
                "1e39", "1.17549435E-38", "1.4e-45", "7e-46", "1e-50", "123456789012345678901234567890", "0.000000000000000000000000000001234"})
            same(s);
    }

    @Test
    void specialValuesAsCAndPythonWriteThem() {
        byte[] b = "nan -inf inf -nan NaN Infinity".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(Float.isNaN(FloatParser.parse(b, 0, 3)));
        assertEquals(Float.NEGATIVE_INFINITY, FloatParser.parse(b, 4, 8));
        assertEquals(Float.POSITIVE_INFINITY, FloatParser.parse(b, 9, 12));
        assertTrue(Float.isNaN(FloatParser.parse(b, 13, 17)));
        assertEquals(Float.POSITIVE_INFINITY, FloatParser.parse(b, 22, 30));
    }

    @Test
    void rejectsWhatIsNotANumber() {
        for (String s : new String[] {"", "-", ".", "e5", "1e", "1.2.3", "abc", "1,5", "--1"}) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            assertThrows(NumberFormatException.class, () -> FloatParser.parse(b, 0, b.length), s);
        }
    }
}
