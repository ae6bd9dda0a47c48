package dev.nabla.models.seq2seq;

import java.util.ArrayList;
import java.util.List;

/**
 * Whole numbers 0 ... 999,999,999 in American English words and back: 342007 ↔ "three hundred forty-two thousand
 * seven". No "and", hyphens between tens and units ("forty-two"), groups of millions, thousands and units each
 * written as "[X hundred] [tens-units]". {@link #parse} accepts exactly what {@link #words} writes.
 */
public final class NumberWords {
    public static final long MAX = 999_999_999L;
    static final String[] UNITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    static final String[] SCALES = {"", "thousand", "million"};

    private NumberWords() {
    }

    /** The words of n, 0 <= n <= {@value #MAX}. */
    public static String words(long n) {
        if (n < 0 || n > MAX) throw new IllegalArgumentException("NumberWords.words: n must be in 0.." + MAX + ", got " + n);
        if (n == 0) return UNITS[0];
        List<String> parts = new ArrayList<>();
        for (int scale = 2; scale >= 0; scale--) {
            int group = (int) (n / pow1000(scale) % 1000);
            if (group == 0) continue;
            parts.add(belowThousand(group));
            if (scale > 0) parts.add(SCALES[scale]);
        }
        return String.join(" ", parts);
    }

    /** 1 ... 999 */
    private static String belowThousand(int g) {
        StringBuilder b = new StringBuilder();
        if (g >= 100) b.append(UNITS[g / 100]).append(" hundred");
        int r = g % 100;
        if (r == 0) return b.toString();
        if (!b.isEmpty()) b.append(' ');
        if (r < 20) b.append(UNITS[r]);
        else b.append(TENS[r / 10]).append(r % 10 == 0 ? "" : "-" + UNITS[r % 10]);
        return b.toString();
    }

    private static long pow1000(int scale) {
        return scale == 0 ? 1 : scale == 1 ? 1000 : 1_000_000;
    }

    /** The number that {@link #words} writes as {@code text}; anything else is an IllegalArgumentException. */
    public static long parse(String text) {
        long total = 0;
        int lastScale = 3; // scales must descend: million, thousand, units
        if (text.isBlank()) throw bad(text, "empty");
        String[] groups = text.trim().split("\\s+");
        if (groups.length == 1 && groups[0].equals(UNITS[0])) return 0;
        // gather group words up to each scale word
        List<String> group = new ArrayList<>();
        for (int i = 0; i <= groups.length; i++) {
            String w = i < groups.length ? groups[i] : null;
            int scale = w == null ? 0 : indexOf(SCALES, w);
            if (w != null && scale <= 0) {
                group.add(w);
                continue;
            }
            if (group.isEmpty()) {
                if (w == null) break;
                throw bad(text, "'" + w + "' without a number before it");
            }
            if (scale >= lastScale) throw bad(text, "'" + (w == null ? "units" : w) + "' out of order");
            total += parseGroup(text, group) * pow1000(scale);
            lastScale = scale;
            group.clear();
        }
        if (!words(total).equals(String.join(" ", groups))) throw bad(text, "not written as " + words(total));
        return total;
    }

    /** "[X hundred] [tens[-units] | units]" → 1 ... 999 */
    private static int parseGroup(String text, List<String> g) {
        int v = 0, i = 0;
        if (g.size() >= 2 && g.get(1).equals("hundred")) {
            int h = indexOf(UNITS, g.get(0));
            if (h < 1 || h > 9) throw bad(text, "'" + g.get(0) + " hundred'");
            v = 100 * h;
            i = 2;
        }
        if (i < g.size()) {
            if (g.size() - i > 1) throw bad(text, "unexpected words " + g.subList(i, g.size()));
            String w = g.get(i);
            int dash = w.indexOf('-');
            int u = indexOf(UNITS, w), t = indexOf(TENS, dash < 0 ? w : w.substring(0, dash));
            if (dash < 0 && u >= 1) v += u;
            else if (t >= 2 && dash < 0) v += 10 * t;
            else if (t >= 2 && indexOf(UNITS, w.substring(dash + 1)) >= 1 && indexOf(UNITS, w.substring(dash + 1)) <= 9)
                v += 10 * t + indexOf(UNITS, w.substring(dash + 1));
            else throw bad(text, "unknown word '" + w + "'");
        }
        if (v == 0) throw bad(text, "empty group");
        return v;
    }

    private static int indexOf(String[] a, String w) {
        for (int i = 0; i < a.length; i++) if (!a[i].isEmpty() && a[i].equals(w)) return i;
        return -1;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("NumberWords.parse: '" + text + "' is not a number in words: " + why);
    }
}
