package dev.nabla.data;

import dev.nabla.io.Checkpoint;
import dev.nabla.tensor.Generator;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Batches of a dataset, as torch.utils.data.DataLoader: each {@code for (Batch b : loader)} is one epoch. With
 * shuffle, every epoch draws a new permutation from the loader's generator, so a seed fixes the whole sequence of
 * epochs. With prefetch, the next batch is gathered on one background thread while the caller uses the current one.
 * {@link #stateMeta()} / {@link #loadState} let a checkpoint resume in the middle of an epoch with the same batches.
 */
public final class DataLoader<T> implements Iterable<T> {
    private static final Executor PREFETCH = r -> Thread.ofVirtual().name("nabla-prefetch").start(r);

    private final Dataset<T> dataset;
    private final int batchSize;
    private final Generator generator; // null: no shuffle
    private final boolean dropLast, prefetch;

    // epoch state: the generator before this epoch's permutation, and how many batches have been handed out
    private int epoch;
    private long[] epochStart;
    private int position;
    private boolean inEpoch, resume;
    private int generation;

    private DataLoader(Builder<T> b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.generator = b.generator;
        this.dropLast = b.dropLast;
        this.prefetch = b.prefetch;
    }

    /** Batches in order, without shuffling or prefetch; the last batch may be smaller. */
    public DataLoader(Dataset<T> dataset, int batchSize) {
        this(builder(dataset).batchSize(batchSize));
    }

    public static <T> Builder<T> builder(Dataset<T> dataset) {
        return new Builder<>(dataset);
    }

    public static final class Builder<T> {
        private final Dataset<T> dataset;
        private int batchSize = 1;
        private Generator generator;
        private boolean dropLast, prefetch;

        private Builder(Dataset<T> dataset) {
            if (dataset == null) throw new IllegalArgumentException("DataLoader: dataset is null");
            this.dataset = dataset;
        }

        public Builder<T> batchSize(int n) {
            if (n <= 0) throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + n);
            batchSize = n;
            return this;
        }

        /** Shuffles every epoch with a generator of this seed. */
        public Builder<T> shuffle(long seed) {
            return shuffle(new Generator(seed));
        }

        /** Shuffles every epoch with this generator (the loader advances it; save it with the loader's state). */
        public Builder<T> shuffle(Generator g) {
            if (g == null) throw new IllegalArgumentException("DataLoader: shuffle generator is null");
            generator = g;
            return this;
        }

        /** Drops the last batch of an epoch when it is smaller than the batch size. */
        public Builder<T> dropLast(boolean on) {
            dropLast = on;
            return this;
        }

        /** Gathers the next batch on a background thread while the current one is in use. */
        public Builder<T> prefetch(boolean on) {
            prefetch = on;
            return this;
        }

        public DataLoader<T> build() {
            return new DataLoader<>(this);
        }
    }

    public Dataset<T> dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The shuffle generator, or null without shuffle. */
    public Generator generator() {
        return generator;
    }

    /** Batches per epoch. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Epochs started so far. */
    public int epoch() {
        return epoch;
    }

    /** Starts an epoch, or resumes the one a loaded state was in the middle of. */
    @Override
    public Iterator<T> iterator() {
        int[] order;
        int start;
        if (resume) {
            resume = false;
            if (generator != null) generator.setState(epochStart);
            start = position;
        } else {
            epoch++;
            epochStart = generator == null ? null : generator.getState();
            start = 0;
        }
        order = generator == null ? identity(dataset.size()) : Datasets.randperm(dataset.size(), generator);
        position = start;
        inEpoch = true;
        return new Batches(order, start, ++generation);
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    private final class Batches implements Iterator<T> {
        private final int[] order;
        private final int count, gen;
        private int next;
        private CompletableFuture<T> pending;

        Batches(int[] order, int start, int gen) {
            this.order = order;
            this.count = numBatches();
            this.gen = gen;
            this.next = start;
            if (next >= count) finish();
            if (prefetch && next < count) pending = schedule(next);
        }

        private void finish() {
            if (gen == generation) inEpoch = false;
        }

        private T load(int b) {
            int from = b * batchSize, to = Math.min(order.length, from + batchSize);
            return dataset.getBatch(java.util.Arrays.copyOfRange(order, from, to));
        }

        private CompletableFuture<T> schedule(int b) {
            return CompletableFuture.supplyAsync(() -> load(b), PREFETCH);
        }

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public T next() {
            if (next >= count) throw new NoSuchElementException("DataLoader: the epoch has ended (" + count + " batches)");
            T out;
            if (pending != null) {
                try {
                    out = pending.join();
                } catch (CompletionException e) {
                    pending = null;
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw e;
                }
            } else out = load(next);
            next++;
            if (gen == generation) position = next;
            pending = prefetch && next < count ? schedule(next) : null;
            if (next >= count) finish();
            return out;
        }
    }

    /**
     * The state a checkpoint needs to continue with the same batches: epochs started, batches handed out in the
     * current epoch, and the generator (now and at the start of the epoch) as text.
     */
    public Map<String, Object> stateMeta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("batch", position);
        m.put("in_epoch", inEpoch);
        if (generator != null) {
            m.put("generator", Checkpoint.encodeGenerator(generator.getState()));
            if (epochStart != null) m.put("epoch_start_generator", Checkpoint.encodeGenerator(epochStart));
        }
        return m;
    }

    /** Restores {@link #stateMeta()}; the next iterator continues an interrupted epoch at the next batch. */
    public void loadState(Map<String, Object> meta) {
        int e = intField(meta, "epoch"), b = intField(meta, "batch");
        Object in = meta.get("in_epoch");
        if (!(in instanceof Boolean inE)) throw new IllegalArgumentException("DataLoader.loadState: 'in_epoch' missing or not a boolean in " + meta.keySet());
        if (b < 0 || b > numBatches())
            throw new IllegalArgumentException("DataLoader.loadState: batch " + b + " is outside an epoch of " + numBatches() + " batches");
        long[] start = null;
        if (generator != null) {
            if (!(meta.get("generator") instanceof String g))
                throw new IllegalArgumentException("DataLoader.loadState: this loader shuffles, but the state has no 'generator'");
            long[] now = Checkpoint.decodeGenerator(g);
            if (inE) {
                if (!(meta.get("epoch_start_generator") instanceof String s))
                    throw new IllegalArgumentException("DataLoader.loadState: the state is mid-epoch but has no 'epoch_start_generator'");
                start = Checkpoint.decodeGenerator(s);
            }
            generator.setState(now);
        } else if (meta.containsKey("generator")) {
            throw new IllegalArgumentException("DataLoader.loadState: the state comes from a shuffling loader, this one does not shuffle");
        }
        epoch = e;
        position = b;
        epochStart = start;
        inEpoch = inE;
        resume = inE;
        generation++;
    }

    private static int intField(Map<String, Object> meta, String k) {
        if (!(meta.get(k) instanceof Number n)) throw new IllegalArgumentException("DataLoader.loadState: '" + k + "' missing or not a number in " + meta.keySet());
        return n.intValue();
    }
}
