package dev.nabla.text;

import dev.nabla.util.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The schedule of a lock-free (Hogwild) trainer over an encoded corpus, as word2vec.c and fastText run it: each
 * thread reads its own slice of the corpus once per epoch, adds the words it read to a shared count every so many
 * words, and takes the learning rate from that count (linear decay from alpha to a floor over all epochs). {@link
 * #run} starts the threads, shows a progress bar and rethrows the first failure as itself.
 */
final class Hogwild {
    /** One thread's training loop. */
    interface Worker {
        void run() throws IOException;
    }

    /** Trains on one sentence ids[0..n) (a piece of a longer one) at learning rate alpha. */
    interface Step {
        void train(int[] ids, int n, float alpha);
    }

    final EncodedCorpus corpus;
    final int threads, epochs;
    final long total;
    private final float alpha, floor;
    private final AtomicLong processed = new AtomicLong();

    /** {@code epochs} passes over {@code corpus} by {@code threads} threads, the rate falling from alpha to floor. */
    Hogwild(EncodedCorpus corpus, int threads, int epochs, float alpha, float floor) {
        this.corpus = corpus;
        this.threads = threads;
        this.epochs = epochs;
        this.alpha = alpha;
        this.floor = floor;
        this.total = (long) epochs * corpus.words();
    }

    /** The learning rate once {@code done} words have been processed. */
    float alpha(long done) {
        return Math.max(floor, alpha * (1 - (float) ((double) done / (total + 1))));
    }

    /**
     * Thread {@code part}'s loop: its slice, every epoch, in sentences of at most {@code maxSentence} ids, each given
     * to {@code step}; the shared count and the rate are updated once more than {@code updateEvery} words were read.
     */
    void epochs(int part, int maxSentence, int updateEvery, Step step) throws IOException {
        int[] ids = new int[maxSentence];
        long unreported = 0;
        float rate = alpha(0);
        try (EncodedCorpus.Reader reader = corpus.reader(part, threads)) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                reader.rewind();
                for (int n; (n = reader.next(ids)) >= 0; ) {
                    unreported += n;
                    if (unreported > updateEvery) {
                        rate = alpha(processed.addAndGet(unreported));
                        unreported = 0;
                    }
                    step.train(ids, n, rate);
                }
            }
        }
        processed.addAndGet(unreported);
    }

    /** Runs {@code worker.apply(t)} for t in 0..threads-1, each in its own thread named {@code name-t}, until all end. */
    void run(String name, IntFunction<Worker> worker, boolean progress) throws IOException {
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
                    long done = processed.get();
                    if (bar != null && done > shown) { // a repeated 0-word advance would print the same line again
                        bar.set("lr", "%.6f", alpha(done)).advance(done - shown);
                        shown = done;
                    }
                }
            }
            if (bar != null && total > shown) bar.advance(total - shown);
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
