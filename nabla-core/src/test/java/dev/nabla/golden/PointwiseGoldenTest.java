package dev.nabla.golden;

import dev.nabla.tensor.Tensor;

import java.util.Map;

import static java.util.Map.entry;

class PointwiseGoldenTest extends GoldenTest {
    @Override
    protected String family() {
        return "pointwise";
    }

    @Override
    protected Map<String, OpFn> ops() {
        return Map.ofEntries(
                entry("add", a -> a.t(0).add(a.t(1))),
                entry("sub", a -> a.t(0).sub(a.t(1))),
                entry("mul", a -> a.t(0).mul(a.t(1))),
                entry("div", a -> a.t(0).div(a.t(1))),
                entry("neg", a -> a.t(0).neg()),
                entry("add_scalar", a -> a.t(0).add(a.f("c"))),
                entry("sub_scalar", a -> a.t(0).sub(a.f("c"))),
                entry("mul_scalar", a -> a.t(0).mul(a.f("c"))),
                entry("div_scalar", a -> a.t(0).div(a.f("c"))),
                entry("pow", a -> a.t(0).pow(a.t(1))),
                entry("pow_scalar", a -> a.t(0).pow(a.f("exponent"))),
                entry("exp", a -> a.t(0).exp()),
                entry("log", a -> a.t(0).log()),
                entry("sqrt", a -> a.t(0).sqrt()),
                entry("rsqrt", a -> a.t(0).rsqrt()),
                entry("abs", a -> a.t(0).abs()),
                entry("sin", a -> a.t(0).sin()),
                entry("cos", a -> a.t(0).cos()),
                entry("clamp", a -> a.t(0).clamp(a.f("min"), a.f("max"))),
                entry("clamp_min", a -> a.t(0).clamp(a.f("min"), Float.POSITIVE_INFINITY)),
                entry("clamp_max", a -> a.t(0).clamp(Float.NEGATIVE_INFINITY, a.f("max"))),
                entry("maximum", a -> a.t(0).maximum(a.t(1))),
                entry("minimum", a -> a.t(0).minimum(a.t(1))),
                entry("tanh", a -> a.t(0).tanh()),
                entry("sigmoid", a -> a.t(0).sigmoid()),
                entry("relu", a -> a.t(0).relu()),
                entry("silu", a -> a.t(0).silu()),
                entry("leaky_relu", a -> a.t(0).leakyRelu(a.f("negative_slope"))),
                entry("gelu", a -> a.t(0).gelu(a.s("approximate"))),
                entry("softplus", a -> a.t(0).softplus(a.f("beta"), a.f("threshold"))),
                entry("gt", a -> a.t(0).gt(a.f("v"))),
                entry("lt", a -> a.t(0).lt(a.f("v"))),
                entry("ge", a -> a.t(0).ge(a.f("v"))),
                entry("le", a -> a.t(0).le(a.f("v"))),
                entry("eq", a -> a.t(0).eq(a.f("v"))),
                entry("where", a -> Tensor.where(a.idx(0), a.t(1), a.t(2))),
                entry("masked_fill", a -> a.t(0).maskedFill(a.idx(1), a.f("value"))));
    }
}
