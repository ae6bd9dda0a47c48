package dev.nabla.bench;

import dev.nabla.kernel.Gemm;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.lang.management.ManagementFactory;

/** GFLOPS of Gemm.sgemm per CPU-second of the calling thread (robust on a busy machine; use NABLA_THREADS=1). Args: mxnxk, with a trailing t for a transposed B (x·Wᵀ) ... */
public final class GemmProbe {
    public static void main(String[] args) {
        var mx = ManagementFactory.getThreadMXBean();
        for (String shape : args) {
            boolean transB = shape.endsWith("t");
            String[] f = shape.replace("t", "").split("x");
            int m = Integer.parseInt(f[0]), n = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]);
            Generator g = new Generator(1);
            float[] a = Tensor.randn(g, m, k).toArray(), b = Tensor.randn(g, k, n).toArray(), c = new float[m * n];
            double flops = 2.0 * m * n * k;
            int reps = (int) Math.max(3, Math.min(2000, 3e9 / flops));
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 2 * reps; r++) {
                long t = mx.getCurrentThreadCpuTime();
                Gemm.sgemm(false, transB, m, n, k, a, 0, k, b, 0, transB ? k : n, c, 0, n, false);
                if (r >= reps) best = Math.min(best, (mx.getCurrentThreadCpuTime() - t) / 1e9);
            }
            System.out.printf("%-16s %7.1f GFLOPS/cpu-s%n", shape, flops / best / 1e9);
        }
    }
}
