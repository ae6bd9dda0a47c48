package dev.nabla.bench;

import dev.nabla.nn.F;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Forward + backward of the fused ops on a (1024, 1024) input (conv2d: a LeNet-sized batch).
 * Run: java --add-modules jdk.incubator.vector -cp 'nabla-bench/target/classes:nabla-bench/target/lib/*:nabla-core/target/classes' org.openjdk.jmh.Main OpsBench
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC"})
public class OpsBench {
    @Param({"softmax", "log_softmax", "layer_norm", "gelu", "tanh", "cross_entropy", "conv2d"})
    String op;

    Tensor x, up, w;
    IntTensor target;

    @Setup
    public void setup() {
        Generator g = new Generator(0);
        if (op.equals("conv2d")) {
            x = Tensor.randn(g, 64, 6, 14, 14).requiresGrad(true);
            w = Tensor.randn(g, 16, 6, 5, 5).requiresGrad(true);
            up = Tensor.randn(g, 64, 16, 10, 10);
        } else {
            x = Tensor.randn(g, 1024, 1024).requiresGrad(true);
            up = Tensor.randn(g, 1024, 1024);
            target = IntTensor.randint(g, 0, 1024, 1024);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.zeroGrad();
        Tensor y = switch (op) {
            case "softmax" -> x.softmax(-1);
            case "log_softmax" -> x.logSoftmax(-1);
            case "layer_norm" -> F.layerNorm(x, new int[] {1024}, null, null, 1e-5f);
            case "gelu" -> x.gelu();
            case "tanh" -> x.tanh();
            case "cross_entropy" -> F.crossEntropy(x, target);
            case "conv2d" -> F.conv2d(x, w, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1);
            default -> throw new IllegalArgumentException(op);
        };
        if (y.numel() == 1) y.backward();
        else y.backward(up);
        return x.grad();
    }
}
