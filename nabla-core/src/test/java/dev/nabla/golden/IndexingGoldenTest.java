package dev.nabla.golden;

import dev.nabla.nn.F;

import java.util.Map;

class IndexingGoldenTest extends GoldenTest {
    @Override
    protected String family() {
        return "indexing";
    }

    @Override
    protected Map<String, OpFn> ops() {
        return Map.of(
                "index_select", a -> a.t(0).indexSelect(a.i("dim"), a.idx(1)),
                "gather", a -> a.t(0).gather(a.i("dim"), a.idx(1)),
                "scatter_add", a -> a.t(0).scatterAdd(a.i("dim"), a.idx(1), a.t(2)),
                "embedding", a -> F.embedding(a.idx(0), a.t(1)),
                "one_hot", a -> F.oneHot(a.idx(0), a.i("num_classes")));
    }
}
