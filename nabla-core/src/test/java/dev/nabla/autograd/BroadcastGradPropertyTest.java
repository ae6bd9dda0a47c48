package dev.nabla.autograd;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.BinaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Under broadcasting, each input's gradient has that input's shape and sums the upstream gradient over the broadcast dims. */
class BroadcastGradPropertyTest {
    static final int TRIALS = 400;

    static int[] randomShape(Random r) {
        int[] s = new int[r.nextInt(4)];
        for (int i = 0; i < s.length; i++) s[i] = 1 + r.nextInt(3);
        return s;
    }

    static int[] compatible(Random r, int[] a) {
        int keep = r.nextInt(a.length + 1), extra = keep == a.length ? r.nextInt(3) : 0;
        int[] b = new int[keep + extra];
        for (int i = 0; i < extra; i++) b[i] = 1 + r.nextInt(3);
        for (int i = 0; i < keep; i++) b[extra + i] = r.nextInt(2) == 0 ? 1 : a[a.length - keep + i];
        return b;
    }

    static Tensor random(Random r, int[] s) {
        float[] v = new float[Shape.numel(s)];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return Tensor.wrap(v, s);
    }

    /** Naive: grad of input x (shape s) = sum of g over the output elements that read each element of x. */
    static float[] reduceTo(Tensor g, int[] s) {
        int[] out = g.shape();
        float[] gv = g.toArray(), r = new float[Shape.numel(s)];
        int[] idx = new int[out.length], xs = Shape.contiguousStrides(s);
        for (int lin = 0; lin < gv.length; lin++) {
            int p = 0;
            for (int d = 0; d < s.length; d++) {
                int od = d + out.length - s.length;
                p += (s[d] == 1 ? 0 : idx[od]) * xs[d];
            }
            r[p] += gv[lin];
            for (int d = out.length - 1; d >= 0; d--) {
                if (++idx[d] < out[d]) break;
                idx[d] = 0;
            }
        }
        return r;
    }

    @Test
    void addGradientsHaveEachInputsShape() {
        check(Tensor::add, 1f, 1f);
    }

    @Test
    void subGradientsHaveEachInputsShape() {
        check(Tensor::sub, 1f, -1f);
    }

    /** For op = a·ca + b·cb: grad a = ca · reduce(g), grad b = cb · reduce(g). */
    private static void check(BinaryOperator<Tensor> op, float ca, float cb) {
        Random r = new Random(7);
        for (int t = 0; t < TRIALS; t++) {
            int[] sa = randomShape(r), sb = compatible(r, sa);
            if (r.nextBoolean()) {
                int[] tmp = sa;
                sa = sb;
                sb = tmp;
            }
            Tensor a = random(r, sa).requiresGrad(true), b = random(r, sb).requiresGrad(true);
            Tensor y = op.apply(a, b);
            int[] out = Shape.broadcast("op", sa, sb);
            assertArrayEquals(out, y.shape());
            Tensor g = random(r, out);
            y.backward(g);
            String what = Shape.str(sa) + " and " + Shape.str(sb);
            assertArrayEquals(sa, a.grad().shape(), "grad of a: " + what);
            assertArrayEquals(sb, b.grad().shape(), "grad of b: " + what);
            float[] wa = reduceTo(g, sa), wb = reduceTo(g, sb), ga = a.grad().toArray(), gb = b.grad().toArray();
            for (int i = 0; i < wa.length; i++) assertEquals(ca * wa[i], ga[i], 1e-5f, "grad a[" + i + "]: " + what);
            for (int i = 0; i < wb.length; i++) assertEquals(cb * wb[i], gb[i], 1e-5f, "grad b[" + i + "]: " + what);
        }
    }

    @Test
    void mulAndDivGradientsHaveEachInputsShape() {
        Random r = new Random(8);
        for (int t = 0; t < TRIALS; t++) {
            int[] sa = randomShape(r), sb = compatible(r, sa);
            for (BinaryOperator<Tensor> op : java.util.List.<BinaryOperator<Tensor>>of(Tensor::mul, Tensor::div)) {
                Tensor a = random(r, sa).requiresGrad(true), b = random(r, sb).add(5f).detach().requiresGrad(true);
                Tensor y = op.apply(b, a); // b first: the smaller shape on the left too
                y.backward(random(r, y.shape()));
                assertArrayEquals(sa, a.grad().shape());
                assertArrayEquals(sb, b.grad().shape());
            }
        }
    }
}
