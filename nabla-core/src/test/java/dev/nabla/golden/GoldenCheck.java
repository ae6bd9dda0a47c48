package dev.nabla.golden;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.ValuesIndices;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs one golden case: forward values, then backward with the recorded upstream gradient. */
public final class GoldenCheck {
    private GoldenCheck() {}

    public static void run(Golden.Case c, Map<String, OpFn> ops) {
        OpFn fn = ops.get(c.op());
        if (fn == null) fail("no nabla op is registered for golden op '" + c.op() + "' in family " + c.family());
        List<Object> inputs = new ArrayList<>();
        for (Map<String, Object> a : c.args()) {
            if (Golden.isInt(a)) inputs.add(Golden.intTensor(a));
            else {
                Tensor t = Golden.input(a);
                if (Boolean.TRUE.equals(a.get("grad"))) t.requiresGrad(true);
                inputs.add(t);
            }
        }
        Args args = new Args(inputs, c.kwargs());
        if (c.error()) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> fn.apply(args), c.name() + ": PyTorch rejects this case, nabla must too");
            assertTrue(e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException,
                    c.name() + ": expected IllegalArgumentException or IndexOutOfBoundsException, got " + e);
            assertNotNull(e.getMessage());
            return;
        }
        List<Object> outs = flatten(fn.apply(args));
        assertEquals(c.outputs().size(), outs.size(), c.name() + ": number of outputs");
        for (int j = 0; j < outs.size(); j++) {
            Map<String, Object> want = c.outputs().get(j);
            String what = c.name() + " output " + j;
            if (Golden.isInt(want)) {
                if (!(outs.get(j) instanceof IntTensor got)) throw new AssertionError(what + ": expected an IntTensor, got " + outs.get(j).getClass().getSimpleName());
                assertArrayEquals(Golden.shape(want), got.shape(), what + ": shape");
                assertArrayEquals(Golden.ints(want.get("data")), got.toArray(), what + ": values");
            } else {
                if (!(outs.get(j) instanceof Tensor got)) throw new AssertionError(what + ": expected a Tensor, got " + outs.get(j).getClass().getSimpleName());
                assertClose(what, Golden.floatTensor(want), got, c.atol(), c.rtol());
            }
        }
        backward(c, inputs, outs);
    }

    private static void backward(Golden.Case c, List<Object> inputs, List<Object> outs) {
        Tensor loss = null;
        int connected = 0;
        for (int j = 0; j < outs.size(); j++) {
            Map<String, Object> u = c.upstream().get(j);
            if (u == null) continue;
            Tensor out = (Tensor) outs.get(j);
            if (!out.requiresGrad()) fail(c.name() + " output " + j + ": PyTorch's output is in the graph, nabla's is not");
            Tensor term = out.mul(Golden.floatTensor(u)).sum();
            loss = loss == null ? term : loss.add(term);
            connected++;
        }
        if (connected == 0) return;
        loss.backward();
        for (int i = 0; i < inputs.size(); i++) {
            if (!(inputs.get(i) instanceof Tensor x) || !x.requiresGrad()) continue;
            Map<String, Object> want = c.grads().get(i);
            String what = c.name() + " grad of input " + i;
            if (want == null) { // PyTorch: unused input
                if (x.grad() != null) assertClose(what, Tensor.zerosLike(x), x.grad(), 0, 0);
                continue;
            }
            if (x.grad() == null) fail(what + ": no gradient reached this input");
            assertClose(what, Golden.floatTensor(want), x.grad(), c.gradAtol(), c.gradRtol());
        }
    }

    private static List<Object> flatten(Object r) {
        List<Object> out = new ArrayList<>();
        if (r instanceof ValuesIndices vi) {
            out.add(vi.values());
            out.add(vi.indices());
        } else if (r instanceof List<?> l) {
            for (Object o : l) out.addAll(flatten(o));
        } else out.add(r);
        return out;
    }

    /** |got - want| <= atol + rtol·|want| everywhere; NaN matches NaN and infinities match exactly. */
    public static void assertClose(String what, Tensor want, Tensor got, double atol, double rtol) {
        if (!Arrays.equals(want.shape(), got.shape()))
            fail(what + ": shape " + Shape.str(got.shape()) + ", PyTorch has " + Shape.str(want.shape()));
        float[] w = want.toArray(), g = got.toArray();
        int bad = -1, nbad = 0;
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            double d = Math.abs((double) g[i] - w[i]);
            boolean ok = (Float.isNaN(w[i]) && Float.isNaN(g[i]))
                    || (Float.isInfinite(w[i]) && w[i] == g[i])
                    || d <= atol + rtol * Math.abs(w[i]);
            if (!ok) {
                nbad++;
                if (bad < 0 || d > worst || Double.isNaN(d)) {
                    bad = i;
                    worst = d;
                }
            }
        }
        if (nbad > 0)
            fail(what + ": " + nbad + " of " + w.length + " values differ beyond atol " + atol + ", rtol " + rtol
                    + "; worst at flat index " + bad + ": nabla " + g[bad] + ", PyTorch " + w[bad] + " (diff " + worst + ")");
    }
}
