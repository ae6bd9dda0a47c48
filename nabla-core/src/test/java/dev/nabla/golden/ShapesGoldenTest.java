package dev.nabla.golden;

import dev.nabla.tensor.Tensor;

import java.util.Map;

class ShapesGoldenTest extends GoldenTest {
    @Override
    protected String family() {
        return "shapes";
    }

    @Override
    protected Map<String, OpFn> ops() {
        return Map.ofEntries(
                Map.entry("reshape", a -> a.t(0).reshape(a.ints("shape"))),
                Map.entry("view", a -> a.t(0).view(a.ints("shape"))),
                Map.entry("transpose", a -> a.t(0).transpose(a.i("dim0"), a.i("dim1"))),
                Map.entry("permute", a -> a.t(0).permute(a.ints("dims"))),
                Map.entry("expand", a -> a.t(0).expand(a.ints("sizes"))),
                Map.entry("squeeze", a -> a.has("dim") ? a.t(0).squeeze(a.i("dim")) : a.t(0).squeeze()),
                Map.entry("unsqueeze", a -> a.t(0).unsqueeze(a.i("dim"))),
                Map.entry("flatten", a -> a.t(0).flatten(a.i("start", 0), a.i("end", -1))),
                Map.entry("contiguous", a -> a.t(0).contiguous()),
                Map.entry("narrow", a -> a.t(0).narrow(a.i("dim"), a.i("start"), a.i("length"))),
                Map.entry("slice", a -> a.t(0).slice(a.i("dim"), a.i("start"), a.i("end"), a.i("step"))),
                Map.entry("select", a -> a.t(0).select(a.i("dim"), a.i("index"))),
                Map.entry("cat", a -> Tensor.cat(a.tensors(), a.i("dim"))),
                Map.entry("stack", a -> Tensor.stack(a.tensors(), a.i("dim"))),
                Map.entry("split", a -> a.has("sizes") ? a.t(0).split(a.ints("sizes"), a.i("dim")) : a.t(0).split(a.i("size"), a.i("dim"))),
                Map.entry("chunk", a -> a.t(0).chunk(a.i("chunks"), a.i("dim"))),
                Map.entry("pad", a -> a.t(0).pad(a.ints("pad"), a.f("value", 0f))));
    }
}
