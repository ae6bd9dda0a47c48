package dev.nabla.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one shared thread pool. Thread count from NABLA_THREADS (or -Dnabla.threads), default all cores.
 * Work is cut into a number of chunks fixed by the size and the thread count, so a fixed thread count
 * gives bit-identical results.
 * <p>
 * A training step runs dozens of parallel regions of a few tens of microseconds each, so waking a parked thread
 * for every one (what a ForkJoinPool does) would cost as much as the work. The workers here, as OpenMP's, spin
 * for a while after a region ({@value #SPIN_NANOS} ns) and only then park; the caller takes chunks too.
 */
public final class Parallel {
    private static final int THREADS = configuredThreads();
    private static final long SPIN_NANOS = 100_000;
    private static final Worker[] WORKERS = new Worker[THREADS - 1];
    /** The region being run, or null; workers watch it. */
    private static volatile Region current;
    /** Set on the threads running a region's chunks: a nested region runs inline. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    static {
        for (int i = 0; i < WORKERS.length; i++) {
            WORKERS[i] = new Worker("nabla-" + i);
            WORKERS[i].start();
        }
    }

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
        if (c <= 1) {
            if (n > 0) body.run(0, n);
            return;
        }
        forChunks(n, c, body);
    }

    /** Runs body over [0, n) cut into exactly {@code c} pieces, the pieces shared by the caller and the workers. */
    public static void forChunks(int n, int c, Range body) {
        if (c <= 1 || WORKERS.length == 0 || INSIDE.get()) {
            for (int k = 0; k < c; k++) body.run(chunkStart(n, c, k), chunkStart(n, c, k + 1));
            return;
        }
        Region r = new Region(n, c, body);
        synchronized (Parallel.class) { // one region at a time; a second caller thread waits its turn
            current = r;
            for (Worker w : WORKERS) if (w.parked) LockSupport.unpark(w);
            INSIDE.set(true);
            try {
                r.work();
            } finally {
                INSIDE.set(false);
            }
            while (r.unfinished.get() > 0) Thread.onSpinWait();
            current = null;
        }
        Throwable e = r.failure.get();
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error err) throw err;
        if (e != null) throw new RuntimeException(e);
    }

    /**
     * Arrays at least this long are worth allocating beside other work: the JVM zeroes a new array in the allocating
     * thread, and a large one misses every cache (about 0.14 ms for 4 MB here, a fifth of a softmax forward+backward).
     */
    private static final int OVERLAP_ALLOCATION = 1 << 18;

    /** Whether a new float[size] here is worth {@link #allocateDuring}: large, with another thread free to work. */
    public static boolean overlapsAllocation(long size) {
        return size >= OVERLAP_ALLOCATION && WORKERS.length > 0 && !INSIDE.get();
    }

    /**
     * A new float[size], allocated by one thread while the other threads run body over [0, n) in pieces (and that
     * thread too, once it has allocated); body must not touch the array. With one thread: body, then the array.
     */
    public static float[] allocateDuring(int size, int n, Range body) {
        if (WORKERS.length == 0 || INSIDE.get()) {
            if (n > 0) body.run(0, n);
            return new float[size];
        }
        int pieces = Math.min(n, 4 * THREADS);
        float[][] array = new float[1][];
        forChunks(pieces + 1, pieces + 1, (k, unused) -> {
            if (k == 0) array[0] = new float[size];
            else body.run(chunkStart(n, pieces, k - 1), chunkStart(n, pieces, k));
        });
        return array[0];
    }

    public static int chunkStart(int n, int c, int k) {
        return (int) ((long) n * k / c);
    }

    /** One parallel loop: its chunks are claimed one at a time by whichever thread is free. */
    private static final class Region {
        final int n, c;
        final Range body;
        final AtomicInteger next = new AtomicInteger(), unfinished;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Region(int n, int c, Range body) {
            this.n = n;
            this.c = c;
            this.body = body;
            this.unfinished = new AtomicInteger(c);
        }

        void work() {
            for (int k; (k = next.getAndIncrement()) < c; ) {
                try {
                    body.run(chunkStart(n, c, k), chunkStart(n, c, k + 1));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    unfinished.decrementAndGet();
                }
            }
        }
    }

    private static final class Worker extends Thread {
        volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            INSIDE.set(true);
            Region done = null;
            while (true) {
                Region r = current;
                if (r != null && r != done) {
                    r.work();
                    done = r;
                    continue;
                }
                long until = System.nanoTime() + SPIN_NANOS;
                while ((r = current) == null || r == done) {
                    if (System.nanoTime() < until) {
                        Thread.onSpinWait();
                        continue;
                    }
                    parked = true;
                    if ((r = current) == null || r == done) LockSupport.park(this);
                    parked = false;
                    until = System.nanoTime() + SPIN_NANOS;
                }
            }
        }
    }
}
