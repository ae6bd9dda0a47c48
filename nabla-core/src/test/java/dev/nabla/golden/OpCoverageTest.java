package dev.nabla.golden;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every differentiable op that nabla-core promises has golden cases recorded from PyTorch. */
class OpCoverageTest {
    /** The ops of issue #2, by their PyTorch names. */
    static final List<String> REQUIRED = List.of(
            // pointwise
            "add", "sub", "mul", "div", "neg", "pow", "exp", "log", "sqrt", "rsqrt", "abs", "sin", "cos", "tanh",
            "sigmoid", "relu", "leaky_relu", "gelu", "silu", "softplus", "clamp", "maximum", "minimum", "where", "masked_fill",
            // reductions
            "sum", "mean", "max", "min", "argmax", "var", "std", "logsumexp", "softmax", "log_softmax",
            // linear algebra
            "matmul",
            // shapes
            "transpose", "permute", "reshape", "view", "flatten", "squeeze", "unsqueeze", "expand", "cat", "stack",
            "split", "chunk", "narrow", "slice", "pad",
            // indexing
            "index_select", "gather", "scatter_add", "embedding", "one_hot",
            // nn
            "layer_norm", "dropout", "cross_entropy", "nll_loss", "mse_loss", "l1_loss", "binary_cross_entropy",
            "binary_cross_entropy_with_logits", "conv1d", "conv2d", "max_pool2d", "avg_pool2d",
            // nn modules (issue #4)
            "batch_norm", "adaptive_avg_pool2d");

    @Test
    void everyRequiredOpHasGoldenCases() throws IOException, URISyntaxException {
        Path dir = Path.of(OpCoverageTest.class.getResource("/goldens").toURI());
        Set<String> covered = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                if (!Files.readString(f).startsWith("{\"family\"")) continue; // not an op golden (e.g. repr.json)
                String family = f.getFileName().toString().replace(".json", "");
                for (Golden.Case c : Golden.load(family)) if (!c.error()) covered.add(c.op());
            }
        }
        Set<String> missing = new TreeSet<>(REQUIRED);
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "ops without golden cases: " + missing + " (covered: " + covered + ")");
    }
}
