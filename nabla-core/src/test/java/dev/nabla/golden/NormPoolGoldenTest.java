package dev.nabla.golden;

import dev.nabla.nn.F;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

import static java.util.Map.entry;

class NormPoolGoldenTest extends GoldenTest {
    @Override
    protected String family() {
        return "norm_pool";
    }

    /** Inputs x, then weight, bias, running mean, running var when their flags say so; the running ones come back updated. */
    private static Object batchNorm(Args a) {
        boolean w = a.b("weight", true), b = a.b("bias", true), r = a.b("running", true);
        int k = 1;
        Tensor weight = w ? a.t(k++) : null, bias = b ? a.t(k++) : null;
        Tensor rm = r ? a.t(k++).contiguousCopy() : null, rv = r ? a.t(k).contiguousCopy() : null;
        Tensor out = F.batchNorm(a.t(0), rm, rv, weight, bias, a.b("training"), a.f("momentum", 0.1f), a.f("eps", 1e-5f));
        return r ? List.of(out, rm, rv) : out;
    }

    @Override
    protected Map<String, OpFn> ops() {
        return Map.ofEntries(
                entry("batch_norm", NormPoolGoldenTest::batchNorm),
                entry("adaptive_avg_pool2d", a -> F.adaptiveAvgPool2d(a.t(0), a.ints("output_size"))));
    }
}
