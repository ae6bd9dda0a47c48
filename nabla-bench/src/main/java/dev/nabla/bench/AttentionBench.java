package dev.nabla.bench;

import dev.nabla.autograd.NoGrad;
import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.VectorOps;
import dev.nabla.ops.FusedAttention;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * nabla's half of nabla-bench/attention-side-by-side.sh (peers/torch_attention.py is torch's): scaled dot-product
 * attention forward and forward + backward at batch 8, heads 8, T = S = 256, head dim 64, causal and not, fused
 * ({@link FusedAttention}) and composed of Tensor ops (softmax(q·kᵀ·scale + mask)·v). Prints "name, best seconds".
 * Then the bytes allocated by one call (all threads, com.sun.management.ThreadMXBean) at batch 1, heads 8, head dim 64,
 * T = 256, 1024, 4096: "mem name T bytes".
 * With --cpu, the calling thread's CPU time per call instead of wall time (robust on a loaded machine; for NABLA_THREADS=1,
 * where every kernel runs on the calling thread).
 * Usage: AttentionBench [--quick] [--no-memory] [--cpu] [workload-prefix ...]
 */
public final class AttentionBench {
    private interface Attention {
        Tensor apply(Tensor q, Tensor k, Tensor v, boolean causal);
    }

    private static final Attention FUSED = (q, k, v, causal) -> FusedAttention.apply(q, k, v, null, causal, scale(q));
    private static final Attention COMPOSED = (q, k, v, causal) -> {
        Tensor s = q.matmul(k.transpose(2, 3)).mul(scale(q));
        if (causal) s = s.add(causalMask(q.shape()[2], k.shape()[2]));
        return s.softmax(-1).matmul(v);
    };

    private static java.util.List<String> ONLY = java.util.List.of();
    private static boolean cpu;

    public static void main(String[] args) {
        boolean quick = java.util.List.of(args).contains("--quick");
        ONLY = java.util.List.of(args).stream().filter(a -> !a.startsWith("--")).toList();
        cpu = java.util.List.of(args).contains("--cpu");
        System.out.printf(Locale.ROOT, "# nabla kernels=%s threads=%d%n", VectorOps.get().name(), Parallel.threads());
        int b = 8, h = 8, t = 256, d = 64;
        Generator g = new Generator(1);
        Tensor q = Tensor.randn(g, b, h, t, d).requiresGrad(true), k = Tensor.randn(g, b, h, t, d).requiresGrad(true);
        Tensor v = Tensor.randn(g, b, h, t, d).requiresGrad(true), up = Tensor.randn(g, b, h, t, d);
        for (boolean causal : new boolean[] {false, true}) {
            String c = causal ? " causal" : "";
            for (var e : new Object[][] {{"fused", FUSED}, {"composed", COMPOSED}}) {
                Attention a = (Attention) e[1];
                report(e[0] + " forward" + c, () -> {
                    try (var ignored = NoGrad.enter()) {
                        a.apply(q, k, v, causal);
                    }
                }, quick);
                report(e[0] + " forward+backward" + c, () -> {
                    for (Tensor x : new Tensor[] {q, k, v}) x.zeroGrad();
                    a.apply(q, k, v, causal).backward(up);
                }, quick);
            }
        }
        if (java.util.List.of(args).contains("--no-memory")) return;
        for (int tm : new int[] {256, 1024, 4096}) {
            Tensor qm = Tensor.randn(g, 1, 8, tm, d).requiresGrad(true), km = Tensor.randn(g, 1, 8, tm, d).requiresGrad(true);
            Tensor vm = Tensor.randn(g, 1, 8, tm, d).requiresGrad(true), um = Tensor.randn(g, 1, 8, tm, d);
            for (var e : new Object[][] {{"fused", FUSED}, {"composed", COMPOSED}}) {
                Attention a = (Attention) e[1];
                Runnable fb = () -> {
                    for (Tensor x : new Tensor[] {qm, km, vm}) x.zeroGrad();
                    a.apply(qm, km, vm, false).backward(um);
                };
                // warm for 5 s (at least one call): first-call scratch (thread-local GEMM panels) is not the call's own, and
                // vector code that C2 has not compiled yet boxes every vector it touches; compiling the kernels takes seconds
                // when this size is the first to run them (the timing above skipped)
                for (long end = System.nanoTime() + 5_000_000_000L; ; ) {
                    fb.run();
                    if (System.nanoTime() > end) break;
                }
                long least = Long.MAX_VALUE; // the least of three calls
                for (int rep = 0; rep < 3; rep++) least = Math.min(least, allocated(fb));
                System.out.printf(Locale.ROOT, "mem %s\t%d\t%d%n", e[0], tm, least);
            }
        }
    }

    private static float scale(Tensor q) {
        return (float) (1 / Math.sqrt(q.shape()[3]));
    }

    private static Tensor causalMask(int t, int s) {
        float[] m = new float[t * s];
        for (int i = 0; i < t; i++) for (int j = i + 1; j < s; j++) m[i * s + j] = Float.NEGATIVE_INFINITY;
        return Tensor.of(m, t, s);
    }

    private static void report(String name, Runnable r, boolean quick) {
        if (!ONLY.isEmpty() && ONLY.stream().noneMatch(name::startsWith)) return;
        double budget = quick ? 1.5 : 4.0;
        System.out.printf(Locale.ROOT, "%s\t%.6g%n", name, cpu ? cpuTime(r, budget) : SideBySide.time(r, budget));
    }

    /** The least CPU time of the calling thread for one run, after warming up for two thirds of the budget (as SideBySide.time). */
    private static double cpuTime(Runnable r, double budgetSeconds) {
        var mx = ManagementFactory.getThreadMXBean();
        long end = System.nanoTime() + (long) (budgetSeconds * 2e9 / 3);
        do r.run(); while (System.nanoTime() < end);
        double best = Double.MAX_VALUE;
        end = System.nanoTime() + (long) (budgetSeconds * 1e9 / 3);
        for (int reps = 0; System.nanoTime() < end || reps < 5; reps++) {
            long c = mx.getCurrentThreadCpuTime();
            r.run();
            best = Math.min(best, (mx.getCurrentThreadCpuTime() - c) / 1e9);
        }
        return best;
    }

    /** Bytes allocated by all threads while r runs (the pool's workers included). */
    private static long allocated(Runnable r) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = total(mx);
        r.run();
        return total(mx) - before;
    }

    private static long total(com.sun.management.ThreadMXBean mx) {
        long sum = 0;
        for (long a : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) if (a > 0) sum += a;
        return sum;
    }
}
