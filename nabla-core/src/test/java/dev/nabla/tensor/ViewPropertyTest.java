package dev.nabla.tensor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * view/reshape on random strided layouts (permuted, stepped, offset, expanded) against a brute-force reference:
 * a view to a new shape exists exactly when some strides reproduce, for every row-major index, the storage
 * position of the same element of the source. Storage holds each position's own index, so values are positions.
 */
class ViewPropertyTest {
    static final int TRIALS = 600;

    /** A random non-contiguous (sometimes contiguous) tensor whose value at each element is its storage position. */
    static Tensor randomLayout(Random r) {
        int rank = r.nextInt(5);
        int[] shape = new int[rank], step = new int[rank], padded = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = r.nextInt(8) == 0 ? 1 : 1 + r.nextInt(4);
            step[i] = r.nextInt(3) == 0 ? 2 : 1;
            padded[i] = shape[i] * step[i] + (r.nextInt(3) == 0 ? 1 : 0);
        }
        int[] baseStrides = Shape.contiguousStrides(padded);
        int[] strides = new int[rank];
        for (int i = 0; i < rank; i++) strides[i] = baseStrides[i] * step[i];
        for (int i = 0; i < rank; i++) if (shape[i] > 1 && r.nextInt(8) == 0) strides[i] = 0; // expanded dim
        // permute the dims
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < rank; i++) p.add(i);
        if (r.nextBoolean()) Collections.shuffle(p, r);
        int[] s = new int[rank], st = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = shape[p.get(i)];
            st[i] = strides[p.get(i)];
        }
        int offset = r.nextInt(3);
        int n = offset + Shape.numel(padded) + 1;
        return Tensor.arange(n).viewOf(offset, s, st);
    }

    /** A random shape with this many elements (size-1 dims sprinkled in). */
    static int[] randomTarget(Random r, int numel) {
        if (numel == 0) { // any shape holding a zero
            int[] s = new int[1 + r.nextInt(3)];
            for (int i = 0; i < s.length; i++) s[i] = r.nextInt(4);
            s[r.nextInt(s.length)] = 0;
            return s;
        }
        List<Integer> dims = new ArrayList<>();
        int rest = numel;
        while (rest > 1) {
            List<Integer> divisors = new ArrayList<>();
            for (int d = 2; d <= rest; d++) if (rest % d == 0) divisors.add(d);
            int d = divisors.get(r.nextInt(divisors.size()));
            dims.add(d);
            rest /= d;
        }
        if (dims.size() > 1 && r.nextBoolean()) { // merge two neighbours
            int i = r.nextInt(dims.size() - 1);
            dims.set(i, dims.get(i) * dims.remove(i + 1));
        }
        int ones = r.nextInt(3);
        for (int k = 0; k < ones; k++) dims.add(r.nextInt(dims.size() + 1), 1);
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Brute force: strides for {@code shape} that give the source's positions in row-major order, or null. */
    static int[] referenceStrides(int[] positions, int[] shape) {
        int[] cs = Shape.contiguousStrides(shape), st = new int[shape.length];
        if (positions.length == 0) return cs;
        for (int d = 0; d < shape.length; d++) st[d] = shape[d] > 1 ? positions[cs[d]] - positions[0] : cs[d];
        int[] idx = new int[shape.length];
        for (int lin = 0; lin < positions.length; lin++) {
            int p = positions[0];
            for (int d = 0; d < shape.length; d++) p += idx[d] * st[d];
            if (p != positions[lin]) return null;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return st;
    }

    static int[] positions(Tensor t) {
        float[] v = t.toArray();
        int[] p = new int[v.length];
        for (int i = 0; i < v.length; i++) p[i] = (int) v[i];
        return p;
    }

    @Test
    void viewExistsExactlyWhenStridesCanReproduceTheLayout() {
        Random r = new Random(5);
        int viewed = 0, refused = 0;
        for (int t = 0; t < TRIALS; t++) {
            Tensor x = randomLayout(r);
            int[] pos = positions(x);
            for (int k = 0; k < 3; k++) {
                int[] target = randomTarget(r, x.numel());
                String what = "shape " + Shape.str(x.shape()) + " strides " + Arrays.toString(x.strides()) + " offset " + x.storageOffset()
                        + " -> " + Shape.str(target);
                int[] ref = referenceStrides(pos, target);
                Tensor v = null;
                try {
                    v = x.view(target);
                } catch (IllegalArgumentException e) {
                    if (ref != null) fail("view refused a possible view: " + what + " (strides " + Arrays.toString(ref) + " work): " + e.getMessage());
                    assertTrue(e.getMessage().contains("view") && e.getMessage().contains("reshape"), e.getMessage());
                    refused++;
                }
                Tensor copy = x.contiguousCopy().reshape(target);
                Tensor re = x.reshape(target);
                assertArrayEquals(copy.toArray(), re.toArray(), "reshape values: " + what);
                assertArrayEquals(target, re.shape());
                if (v == null) {
                    if (x.numel() > 1) assertNotSame(x.storage(), re.storage(), "reshape copies when no view exists: " + what);
                    continue;
                }
                if (ref == null) fail("view made an impossible view: " + what + " got strides " + Arrays.toString(v.strides()));
                viewed++;
                assertSame(x.storage(), v.storage(), "a view shares storage");
                assertSame(x.storage(), re.storage(), "reshape is a view when one exists: " + what);
                assertArrayEquals(target, v.shape());
                assertArrayEquals(copy.toArray(), v.toArray(), "the view's values equal a contiguous copy reshaped: " + what);
                // and the view's own strides address the same positions as the reference
                int[] vs = v.strides(), rs = ref;
                for (int d = 0; d < target.length; d++) if (target[d] > 1) assertEquals(rs[d], vs[d], "stride of dim " + d + ": " + what);
            }
        }
        assertTrue(viewed > 300 && refused > 100, "both outcomes should be common: " + viewed + " views, " + refused + " refusals");
    }

    @Test
    void viewOfAContiguousTensorAlwaysWorks() {
        Random r = new Random(6);
        for (int t = 0; t < TRIALS; t++) {
            int[] s = ShapePropertyTest.randomShape(r, 4, 4);
            Tensor x = Tensor.arange(Shape.numel(s)).reshape(s);
            int[] target = randomTarget(r, x.numel());
            Tensor v = x.view(target);
            assertArrayEquals(Shape.contiguousStrides(target), stridesIgnoringOnes(v, target), Shape.str(s) + " -> " + Shape.str(target));
            assertArrayEquals(x.toArray(), v.toArray());
            assertTrue(v.isContiguous());
        }
    }

    private static int[] stridesIgnoringOnes(Tensor v, int[] shape) {
        int[] st = v.strides(), cs = Shape.contiguousStrides(shape);
        for (int d = 0; d < shape.length; d++) if (shape[d] <= 1) st[d] = cs[d];
        return st;
    }
}
