package dev.nabla.tensor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeded random properties of Shape.broadcast and Shape.infer. */
class ShapePropertyTest {
    static final int TRIALS = 500;

    static int[] randomShape(Random r, int maxRank, int maxSize) {
        int[] s = new int[r.nextInt(maxRank + 1)];
        for (int i = 0; i < s.length; i++) s[i] = r.nextInt(maxSize + 1);
        return s;
    }

    /** A shape that broadcasts with {@code a}: a suffix of it with some sizes set to 1, maybe with extra leading dims. */
    static int[] compatible(Random r, int[] a) {
        int keep = r.nextInt(a.length + 1), extra = keep == a.length ? r.nextInt(3) : 0;
        int[] b = new int[keep + extra];
        for (int i = 0; i < extra; i++) b[i] = 1 + r.nextInt(3);
        for (int i = 0; i < keep; i++) b[extra + i] = r.nextInt(3) == 0 ? 1 : a[a.length - keep + i];
        return b;
    }

    /** The rule written out: align from the right, pad with 1, equal sizes or a 1 on one side. Null when incompatible. */
    static int[] naive(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] pa = new int[n], pb = new int[n], out = new int[n];
        Arrays.fill(pa, 1);
        Arrays.fill(pb, 1);
        System.arraycopy(a, 0, pa, n - a.length, a.length);
        System.arraycopy(b, 0, pb, n - b.length, b.length);
        for (int i = 0; i < n; i++) {
            if (pa[i] == pb[i] || pb[i] == 1) out[i] = pa[i];
            else if (pa[i] == 1) out[i] = pb[i];
            else return null;
        }
        return out;
    }

    @Test
    void broadcastAgreesWithTheRuleAndIsCommutative() {
        Random r = new Random(1);
        int compatibleSeen = 0, incompatibleSeen = 0;
        for (int t = 0; t < TRIALS; t++) {
            int[] a = randomShape(r, 4, 4);
            int[] b = r.nextBoolean() ? compatible(r, a) : randomShape(r, 4, 4);
            int[] want = naive(a, b);
            if (want == null) {
                incompatibleSeen++;
                var e = assertThrows(IllegalArgumentException.class, () -> Shape.broadcast("myop", a, b));
                String m = e.getMessage();
                assertTrue(m.contains("myop") && m.contains(Shape.str(a)) && m.contains(Shape.str(b)), "the error should name the op and both shapes: " + m);
                assertThrows(IllegalArgumentException.class, () -> Shape.broadcast("myop", b, a));
                continue;
            }
            compatibleSeen++;
            int[] ab = Shape.broadcast("op", a, b), ba = Shape.broadcast("op", b, a);
            assertArrayEquals(want, ab, Shape.str(a) + " and " + Shape.str(b));
            assertArrayEquals(ab, ba, "commutative");
            assertEquals(Math.max(a.length, b.length), ab.length, "rank");
            assertArrayEquals(a, Shape.broadcast("op", a, a), "idempotent");
            assertArrayEquals(a, Shape.broadcast("op", a, new int[0]), "a scalar broadcasts to anything");
            assertArrayEquals(ab, Shape.broadcast("op", ab, a), "the result absorbs its operands");
            // the strides that read an operand as the broadcast shape: 0 exactly on the broadcast dims
            int[] st = Shape.broadcastStrides(a, Shape.contiguousStrides(a), ab);
            for (int i = 0; i < ab.length; i++) {
                int ai = i - (ab.length - a.length);
                boolean broadcastDim = ai < 0 || (a[ai] == 1 && ab[i] != 1);
                if (broadcastDim) assertEquals(0, st[i], "dim " + i);
                else assertEquals(Shape.contiguousStrides(a)[ai], st[i], "dim " + i);
            }
        }
        assertTrue(compatibleSeen > 100 && incompatibleSeen > 50, compatibleSeen + " / " + incompatibleSeen);
    }

    @Test
    void broadcastIsAssociative() {
        Random r = new Random(2);
        for (int t = 0; t < TRIALS; t++) {
            int[] a = randomShape(r, 3, 3), b = compatible(r, a), c = compatible(r, b);
            int[] ab = naive(a, b);
            if (ab == null || naive(ab, c) == null) continue;
            assertArrayEquals(Shape.broadcast("op", Shape.broadcast("op", a, b), c), Shape.broadcast("op", a, Shape.broadcast("op", b, c)));
        }
    }

    @Test
    void inferResolvesOneUnknownSize() {
        Random r = new Random(3);
        for (int t = 0; t < TRIALS; t++) {
            int[] target = randomShape(r, 4, 5);
            int numel = Shape.numel(target);
            assertArrayEquals(target, Shape.infer("reshape", target, numel), "nothing to infer");
            if (target.length > 0) {
                int k = r.nextInt(target.length);
                int[] withUnknown = target.clone();
                withUnknown[k] = -1;
                long known = 1;
                for (int i = 0; i < target.length; i++) if (i != k) known *= target[i];
                if (known == 0) {
                    // any size would do: ambiguous, as torch says
                    var e = assertThrows(IllegalArgumentException.class, () -> Shape.infer("reshape", withUnknown, 0));
                    assertTrue(e.getMessage().contains("reshape") && e.getMessage().contains(Shape.str(withUnknown)), e.getMessage());
                } else {
                    int[] got = Shape.infer("reshape", withUnknown, numel);
                    assertArrayEquals(target, got, Arrays.toString(withUnknown) + " for " + numel);
                    assertEquals(numel, Shape.numel(got));
                    if (numel > 0 && known > 1 && numel % known == 0) {
                        int bad = numel + 1; // not a multiple of known unless known == 1
                        if (bad % known != 0)
                            assertThrows(IllegalArgumentException.class, () -> Shape.infer("reshape", withUnknown, bad));
                    }
                }
                if (target.length >= 2) {
                    int[] two = withUnknown.clone();
                    two[(k + 1) % target.length] = -1;
                    var e2 = assertThrows(IllegalArgumentException.class, () -> Shape.infer("reshape", two, numel), "two -1");
                    assertTrue(e2.getMessage().contains("-1"), e2.getMessage());
                }
            }
            var e = assertThrows(IllegalArgumentException.class, () -> Shape.infer("view", target, numel + 1));
            assertTrue(e.getMessage().contains("view") && e.getMessage().contains(Shape.str(target)) && e.getMessage().contains(String.valueOf(numel + 1)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Shape.infer("reshape", new int[] {-1, -1}, 4));
        assertThrows(IllegalArgumentException.class, () -> Shape.infer("reshape", new int[] {-2, 2}, 4));
        assertArrayEquals(new int[] {1}, Shape.infer("reshape", new int[] {-1}, 1));
        assertArrayEquals(new int[0], Shape.infer("reshape", new int[0], 1));
    }
}
