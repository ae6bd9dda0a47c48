package dev.nabla.text;

import dev.nabla.util.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.LongToDoubleFunction;

/**
 * Runs the threads of a lock-free (Hogwild) trainer: starts one per worker, shows a progress bar fed by the words
 * processed so far (with the learning rate at that point), waits for all, and rethrows the first failure as itself.
 */
final class Hogwild {
    /** One thread's training loop. */
    interface Worker {
        void run() throws IOException;
    }

    private Hogwild() {}

    /**
     * Runs {@code worker.apply(t)} for t in 0..threads-1, each in its own thread named {@code name-t}, until all end.
     * {@code processed} counts the words done of {@code total}; {@code rate} gives the learning rate at a count.
     */
    static void run(String name, int threads, IntFunction<Worker> worker, long total, AtomicLong processed,
                    LongToDoubleFunction rate, boolean progress) throws IOException {
        Thread[] running = new Thread[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            Worker w = worker.apply(t);
            running[t] = new Thread(() -> {
                try {
                    w.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + t);
            running[t].start();
        }
        try (Progress bar = progress ? new Progress(name, total, "words") : null) {
            long shown = 0;
            for (Thread t : running) {
                while (t.isAlive()) {
                    t.join(250);
                    if (bar != null) {
                        long done = processed.get();
                        bar.set("lr", "%.6f", rate.applyAsDouble(done)).advance(done - shown);
                        shown = done;
                    }
                }
            }
            if (bar != null) bar.advance(total - shown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(name + ": interrupted", e);
        }
        Throwable e = failure.get();
        if (e instanceof UncheckedIOException u) throw u.getCause();
        if (e instanceof IOException io) throw io;
        if (e instanceof RuntimeException r) throw r;
        if (e instanceof Error err) throw err;
    }

    /** A well-mixed seed for thread {@code thread}'s random stream from the run's {@code seed} (SplitMix64's finaliser). */
    static long threadSeed(long seed, int thread) {
        long z = seed + 0x9E3779B97F4A7C15L * (thread + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
