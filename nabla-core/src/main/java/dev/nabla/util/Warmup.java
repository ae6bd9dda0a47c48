package dev.nabla.util;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a step over and over on a background thread while the caller does other work (loading data), so that the JIT
 * compiles the step's kernels in time the caller was waiting anyway: a vector kernel runs many times slower until C2
 * has compiled it, which takes about a second of training steps.
 */
public final class Warmup {
    private Warmup() {}

    /**
     * Calls work on this thread while a daemon thread repeats step, then stops the step (waiting for the one under
     * way) and returns work's result. step must leave alone whatever work and the caller use afterwards (the global
     * generator included); a step that throws ends the warm-up quietly.
     */
    public static <T> T during(Callable<T> work, Runnable step) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = Thread.ofPlatform().daemon().name("nabla-warmup").start(() -> {
            try {
                while (!stop.get()) step.run();
            } catch (RuntimeException | Error e) {
                // only speed was at stake
            }
        });
        try {
            return work.call();
        } finally {
            stop.set(true);
            t.join();
        }
    }
}
