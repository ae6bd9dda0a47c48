package dev.nabla.golden;

import java.util.Map;

class LinalgGoldenTest extends GoldenTest {
    @Override
    protected String family() {
        return "linalg";
    }

    @Override
    protected Map<String, OpFn> ops() {
        return Map.of(
                "matmul", a -> a.t(0).matmul(a.t(1)));
    }
}
