package dev.nabla.bench;

import dev.nabla.kernel.VectorOps;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The machine's memory read bandwidth, the ceiling of GPT-2 decoding (which reads every weight once per token):
 * THREADS threads each sum their slice of one float array much larger than the caches, with nabla's vectorised sum.
 * Best of ROUNDS passes after one warm-up pass. Prints: threads, GB/s (10^9 bytes per second).
 * Usage: Bandwidth [MIB] [ROUNDS] [THREADS...]   (default 1024 MiB, 8 rounds, 1 and 2 threads)
 */
public final class Bandwidth {
    public static void main(String[] args) throws InterruptedException {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024, rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int[] threadCounts = args.length > 2 ? java.util.Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 2};
        float[] data = new float[mib << 18];
        java.util.Arrays.fill(data, 1f); // touch every page before timing
        for (int threads : threadCounts) {
            double best = 0;
            for (int r = 0; r <= rounds; r++) {
                double seconds = pass(data, threads);
                if (r > 0) best = Math.max(best, 4.0 * data.length / seconds / 1e9);
            }
            System.out.printf(Locale.ROOT, "%d\t%.1f%n", threads, best);
        }
    }

    /** Seconds for threads to read the whole array once, each its own contiguous slice. */
    private static double pass(float[] data, int threads) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1), done = new CountDownLatch(threads);
        float[] sums = new float[threads];
        for (int t = 0; t < threads; t++) {
            int id = t, lo = (int) ((long) data.length * t / threads), hi = (int) ((long) data.length * (t + 1) / threads);
            Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sums[id] = VectorOps.get().sumUnrolled(data, lo, hi - lo);
                done.countDown();
            });
        }
        Thread.sleep(20); // let the threads reach the latch
        long t0 = System.nanoTime();
        start.countDown();
        done.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        float total = 0;
        for (float s : sums) total += s;
        if (!(total > 0)) throw new IllegalStateException("Bandwidth: sum " + total); // uses the sums, so the reads stay
        return seconds;
    }
}
