package dev.nabla.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The one shared thread pool. Thread count from NABLA_THREADS (or -Dnabla.threads), default all cores.
 * Work is cut into a number of chunks fixed by the size and the thread count, so a fixed thread count
 * gives bit-identical results.
 */
public final class Parallel {
    private static final int THREADS = configuredThreads();
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("nabla-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false) : null;

    private Parallel() {}

    /** A range body: processes indices [start, end). */
    @FunctionalInterface
    public interface Range {
        void run(int start, int end);
    }

    public static int threads() {
        return THREADS;
    }

    private static int configuredThreads() {
        String v = System.getProperty("nabla.threads", System.getenv("NABLA_THREADS"));
        int cores = Runtime.getRuntime().availableProcessors();
        if (v == null || v.isBlank()) return cores;
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        System.err.println("nabla: NABLA_THREADS=" + v + " is not a positive integer; using " + cores + " threads");
        return cores;
    }

    /** How many chunks {@code n} items are cut into when each chunk should hold at least {@code grain}. */
    public static int chunks(int n, int grain) {
        if (THREADS == 1 || n <= grain) return 1;
        return (int) Math.min(THREADS, (n + (long) grain - 1) / Math.max(grain, 1));
    }

    /** Runs body over [0, n) in {@link #chunks} contiguous pieces, inline when one piece is enough. */
    public static void forRange(int n, int grain, Range body) {
        int c = chunks(n, grain);
        if (c <= 1 || ForkJoinTask.inForkJoinPool()) {
            if (n > 0) body.run(0, n);
            return;
        }
        forChunks(n, c, body);
    }

    /** Runs body over [0, n) cut into exactly {@code c} pieces (the caller's thread runs the last). */
    public static void forChunks(int n, int c, Range body) {
        if (c <= 1 || POOL == null || ForkJoinTask.inForkJoinPool()) {
            for (int k = 0; k < c; k++) body.run(chunkStart(n, c, k), chunkStart(n, c, k + 1));
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[c - 1];
        for (int k = 0; k < c - 1; k++) {
            int s = chunkStart(n, c, k), e = chunkStart(n, c, k + 1);
            tasks[k] = POOL.submit(() -> body.run(s, e));
        }
        body.run(chunkStart(n, c, c - 1), n);
        for (ForkJoinTask<?> t : tasks) t.join();
    }

    public static int chunkStart(int n, int c, int k) {
        return (int) ((long) n * k / c);
    }
}
