package dev.nabla.golden;

import java.util.Map;

class ReductionsGoldenTest extends GoldenTest {
    private static final int[] ALL = new int[0];

    @Override
    protected String family() {
        return "reductions";
    }

    @Override
    protected Map<String, OpFn> ops() {
        return Map.ofEntries(
                Map.entry("sum", a -> a.t(0).sum(a.ints("dim", ALL), a.b("keepdim", false))),
                Map.entry("mean", a -> a.t(0).mean(a.ints("dim", ALL), a.b("keepdim", false))),
                Map.entry("var", a -> a.t(0).var(a.ints("dim", ALL), a.i("correction", 1), a.b("keepdim", false))),
                Map.entry("std", a -> a.t(0).std(a.ints("dim", ALL), a.i("correction", 1), a.b("keepdim", false))),
                Map.entry("logsumexp", a -> a.t(0).logsumexp(a.ints("dim"), a.b("keepdim", false))),
                Map.entry("max", a -> a.t(0).max()),
                Map.entry("max_dim", a -> a.t(0).max(a.i("dim"), a.b("keepdim", false))),
                Map.entry("min", a -> a.t(0).min()),
                Map.entry("min_dim", a -> a.t(0).min(a.i("dim"), a.b("keepdim", false))),
                Map.entry("argmax", a -> a.t(0).argmax()),
                Map.entry("argmax_dim", a -> a.t(0).argmax(a.i("dim"), a.b("keepdim", false))),
                Map.entry("softmax", a -> a.t(0).softmax(a.i("dim"))),
                Map.entry("log_softmax", a -> a.t(0).logSoftmax(a.i("dim"))));
    }
}
