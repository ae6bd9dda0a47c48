package dev.nabla.text;

import dev.nabla.kernel.VectorOps;
import dev.nabla.tensor.Generator;
import dev.nabla.util.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * GloVe (Pennington, Socher and Manning 2014) trained as the reference glove.c trains it: weighted least squares over
 * the nonzero co-occurrence counts x_ij, minimising f(x_ij) (w_i·w̃_j + b_i + b̃_j − log x_ij)² with
 * f(x) = min(1, (x / xMax)^alpha), by AdaGrad.
 * <ul>
 * <li>{@link Cooccurrence} counts the pairs; they are {@linkplain PairShuffle shuffled} once (shuffle.c's chunked
 *     shuffle, seeded), and every iteration visits them in that order, each of the threads its own contiguous slice
 *     (Hogwild: shared weights, no locks). With one thread training is deterministic.</li>
 * <li>Vectors and biases start uniform in (−0.5, 0.5) / dim, squared-gradient sums at 1. The update is glove.c's,
 *     quirks included: a vector's gradient components are clipped to ±gradClip and scaled by eta before they are
 *     squared into the sums, and the biases step by fdiff / sqrt(sum) without eta.</li>
 * <li>The cost reported per iteration is glove.c's: the mean over the pairs of ½ f(x) (w·w̃ + b + b̃ − log x)².</li>
 * <li>The result is W + W̃ (glove.c's default -model 2) or W alone; glove.c's extra {@code <unk>} row (the mean of the
 *     100 rarest words) is not added.</li>
 * </ul>
 * glove.c computes in double; here vectors, gradients and squared sums are floats, so runs differ from its in the
 * rounding, not in what is computed.
 */
public final class GloVe {
    private static final VectorOps OPS = VectorOps.get();
    /** Pairs a thread processes between updates of the shared progress count. */
    private static final int REPORT_EVERY = 1 << 16;
    /** Read buffer of a training thread. */
    private static final int READ_BYTES = 1 << 20;

    private GloVe() {}

    /** Receives the cost of each iteration (numbered from 1). */
    @FunctionalInterface
    public interface Listener {
        void iteration(int iteration, double cost);
    }

    /** Counts the vocabulary of {@code corpus}, encodes it to ids, counts the co-occurrences, then trains. */
    public static KeyedVectors train(Corpus corpus, GloVeConfig config) throws IOException {
        try (EncodedCorpus encoded = EncodedCorpus.build(corpus, config.minCount(), config.maxVocabulary(), "GloVe")) {
            return train(encoded, config);
        }
    }

    /** Counts the co-occurrences of an encoded corpus, then trains; config's minCount and maxVocabulary are not used. */
    public static KeyedVectors train(EncodedCorpus corpus, GloVeConfig config) throws IOException {
        try (Cooccurrences counts = Cooccurrence.count(corpus, config.window(), config.threads(), config.memoryBytes(), config.progress())) {
            return train(counts, config, null);
        }
    }

    /** Trains on counted co-occurrences (config's window, minCount and maxVocabulary are not used). */
    public static KeyedVectors train(Cooccurrences counts, GloVeConfig config, Listener listener) throws IOException {
        Vocabulary vocabulary = counts.vocabulary();
        int v = vocabulary.size(), dim = config.dim();
        if ((long) v * dim > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("GloVe: " + v + " words × dim " + dim + " does not fit one float array");
        if (counts.size() == 0) throw new IllegalArgumentException("GloVe: no co-occurring pairs to train on (" + counts + ")");
        Path pairs = Files.createTempFile("nabla-glove-", ".shuf");
        pairs.toFile().deleteOnExit();
        try {
            Generator g = new Generator(config.seed());
            Model m = new Model(v, dim, g);
            double xMax = config.xMax(), alpha = config.alpha();
            int chunk = (int) Math.min(Integer.MAX_VALUE / 2 - 8, Math.max(1, config.memoryBytes() / PairRecords.BYTES));
            long n = PairShuffle.shuffle(counts.path(), pairs, chunk, g, payload -> {
                double x = Double.longBitsToDouble(payload);
                float logX = (float) Math.log(x), f = (float) (x > xMax ? 1 : Math.pow(x / xMax, alpha));
                return Float.floatToRawIntBits(logX) & 0xFFFFFFFFL | (long) Float.floatToRawIntBits(f) << 32;
            });
            m.train(pairs, n, config, listener);
            float[] out = m.w;
            if (config.output() == GloVeConfig.Output.WORD_PLUS_CONTEXT) OPS.axpy(1f, m.c, 0, out, 0, out.length);
            return new KeyedVectors(vocabulary.words(), dim, out);
        } finally {
            Files.deleteIfExists(pairs);
        }
    }

    /** Word and context vectors, their biases, and AdaGrad's sums of squared (scaled) gradients for each. */
    private static final class Model {
        final int dim;
        final float[] w, c, bw, bc, gw, gc, gbw, gbc;

        Model(int v, int dim, Generator g) {
            this.dim = dim;
            w = new float[v * dim];
            c = new float[v * dim];
            bw = new float[v];
            bc = new float[v];
            for (float[] a : new float[][] {w, bw, c, bc})
                for (int k = 0; k < a.length; k++) a[k] = (g.nextFloat() - 0.5f) / dim; // as glove.c
            gw = ones(v * dim);
            gc = ones(v * dim);
            gbw = ones(v);
            gbc = ones(v);
        }

        private static float[] ones(int n) {
            float[] a = new float[n];
            java.util.Arrays.fill(a, 1f);
            return a;
        }

        void train(Path pairs, long n, GloVeConfig config, Listener listener) throws IOException {
            int threads = (int) Math.max(1, Math.min(config.threads(), n));
            Worker[] workers = new Worker[threads];
            AtomicLong processed = new AtomicLong();
            try (Progress bar = config.progress() ? new Progress("glove", n * config.iterations(), "pairs") : null) {
                for (int t = 0; t < threads; t++) workers[t] = new Worker(config, pairs, n * t / threads, n * (t + 1) / threads, processed);
                long shown = 0;
                for (int it = 1; it <= config.iterations(); it++) {
                    Thread[] running = new Thread[threads];
                    AtomicReference<Throwable> failure = new AtomicReference<>();
                    for (int t = 0; t < threads; t++) {
                        Worker worker = workers[t];
                        running[t] = new Thread(() -> {
                            try {
                                worker.iteration();
                            } catch (Throwable e) {
                                failure.compareAndSet(null, e);
                            }
                        }, "glove-" + t);
                        running[t].start();
                    }
                    for (Thread t : running) {
                        while (t.isAlive()) {
                            t.join(250);
                            if (bar != null) {
                                long done = processed.get();
                                bar.advance(done - shown);
                                shown = done;
                            }
                        }
                    }
                    rethrow(failure.get());
                    double cost = 0;
                    for (Worker worker : workers) cost += worker.cost;
                    cost /= n;
                    if (bar != null) {
                        long done = processed.get();
                        bar.set("iter", "%d", it).set("cost", "%.6f", cost).advance(done - shown);
                        shown = done;
                    }
                    if (listener != null) listener.iteration(it, cost);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("GloVe: interrupted", e);
            } finally {
                for (Worker worker : workers) if (worker != null) worker.reader.close();
            }
        }

        private static void rethrow(Throwable e) throws IOException {
            if (e == null) return;
            if (e instanceof UncheckedIOException u) throw u.getCause();
            if (e instanceof IOException io) throw io;
            if (e instanceof RuntimeException r) throw r;
            if (e instanceof Error err) throw err;
            throw new IOException("GloVe: a training thread failed", e);
        }

        /** One training thread's slice of the shuffled pairs. */
        private final class Worker {
            private final PairRecords.Reader reader;
            private final AtomicLong processed;
            private final float eta, clip;
            double cost;

            Worker(GloVeConfig config, Path pairs, long from, long to, AtomicLong processed) throws IOException {
                this.reader = new PairRecords.Reader(pairs, from, to, READ_BYTES);
                this.processed = processed;
                eta = config.eta();
                clip = config.gradClip();
            }

            /** One pass over the slice. */
            void iteration() throws IOException {
                double sum = 0;
                int unreported = 0;
                reader.rewind();
                while (reader.next()) {
                    sum += step(reader.i, reader.j, reader.low(), reader.high());
                    if (++unreported == REPORT_EVERY) {
                        processed.addAndGet(unreported);
                        unreported = 0;
                    }
                }
                processed.addAndGet(unreported);
                cost = sum;
            }

            /** One AdaGrad step on the pair (i, j) with log x and weight f(x); returns its cost ½ f(x) diff². */
            private float step(int i, int j, float logX, float f) {
                int l1 = i * dim, l2 = j * dim;
                float diff = OPS.dot(w, l1, c, l2, dim) + bw[i] + bc[j] - logX;
                float fdiff = f * diff;
                if (!Float.isFinite(fdiff)) return 0; // glove.c skips such a pair too
                // clipped, scaled components stay finite and the sums stay >= 1, so the updates are finite (glove.c checks)
                GloVeUpdate.apply(w, l1, c, l2, gw, gc, dim, fdiff, eta, clip);
                bw[i] -= fdiff / (float) Math.sqrt(gbw[i]);
                bc[j] -= fdiff / (float) Math.sqrt(gbc[j]);
                float f2 = fdiff * fdiff;
                gbw[i] += f2;
                gbc[j] += f2;
                return 0.5f * fdiff * diff;
            }
        }
    }
}
