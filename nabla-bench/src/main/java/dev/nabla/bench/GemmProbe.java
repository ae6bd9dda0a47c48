package dev.nabla.bench;

import dev.nabla.kernel.Gemm;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** Quick GFLOPS probe of Gemm.sgemm: java ... GemmProbe m n k [reps]. */
public final class GemmProbe {
    public static void main(String[] args) {
        int m = Integer.parseInt(args[0]), n = Integer.parseInt(args[1]), k = Integer.parseInt(args[2]);
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Generator g = new Generator(1);
        float[] a = Tensor.randn(g, m, k).toArray(), b = Tensor.randn(g, k, n).toArray(), c = new float[m * n];
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps + 3; r++) {
            long t = System.nanoTime();
            Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
            double s = (System.nanoTime() - t) / 1e9;
            if (r >= 3) best = Math.min(best, s);
        }
        System.out.printf("%dx%dx%d best %.3f ms  %.1f GFLOPS%n", m, n, k, best * 1e3, 2.0 * m * n * k / best / 1e9);
    }
}
