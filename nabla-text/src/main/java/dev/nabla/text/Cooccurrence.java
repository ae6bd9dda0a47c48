package dev.nabla.text;

import dev.nabla.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Word-word co-occurrence counting as GloVe's cooccur.c counts: for each word, each of the up to {@code window}
 * words before it in its sentence at distance d adds 1/d to the pair (before, word) and to (word, before), so the
 * counts are symmetric with a window on both sides. Memory stays within a budget whatever the vocabulary:
 * <ul>
 * <li>pairs of frequent words go to a dense block, as in cooccur.c: row i holds the columns j with
 *     (i + 1)(j + 1) ≤ maxProduct (ranks counted from 1), maxProduct being the largest whose block fits 3/4 of the
 *     budget and has no more cells than there are occurrences to count (the whole V × V matrix when it fits);</li>
 * <li>the other pairs go, one entry per occurrence, to a buffer that is sorted and written to a temporary file as a
 *     run of summed (i, j, value) when full;</li>
 * <li>a k-way {@link PairMerge merge} of the block, the last buffer and the runs gives the unique pairs in order.</li>
 * </ul>
 * Threads share the work by pieces of the corpus (each reads all of it, so that a piece's first words have the
 * words before them as context, and counts the pairs of every threads-th piece into a block and buffer of its own);
 * their blocks are added and their buffers and runs merged.
 * Sums are exact: a weight 1/d is counted as the integer L/d, L being the least common multiple of 1..window, so
 * the result does not depend on the order of the additions, on the threads, on how often the buffer spilled, or on
 * the block's size; x is the sum divided by L, rounded once. This is why the window is at most
 * {@link #MAX_WINDOW} (L ≈ 2.3e8, which leaves room for 4e10 occurrences of one pair at distance 1). cooccur.c sums
 * doubles instead: its x may differ from these in the last bits (by 1e-13 relative on the Brown corpus).
 */
public final class Cooccurrence {
    /** The largest window: see the class comment. */
    public static final int MAX_WINDOW = 20;
    /** Bits of a word id in a buffer entry (id, id, distance packed in a long). */
    private static final int ID_BITS = 29, D_BITS = 5;
    private static final long ID_MASK = (1L << ID_BITS) - 1;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Ids read from the corpus at a time. */
    private static final int PIECE = 1 << 14;

    private final int v, window;
    private final long unit;
    private final long[] weight; // weight[d] = unit / d
    private final int[] width; // row i of the block holds columns 0..width[i)
    private final int[] offset; // row i starts at offset[i]
    private final int cells;

    private Cooccurrence(int v, int window, long denseCells) {
        if (v > ID_MASK) throw new IllegalArgumentException("Cooccurrence: " + v + " words is more than 2^" + ID_BITS);
        if (window < 1 || window > MAX_WINDOW)
            throw new IllegalArgumentException("Cooccurrence: window must be in [1, " + MAX_WINDOW + "], got " + window);
        this.v = v;
        this.window = window;
        long l = 1;
        for (int d = 2; d <= window; d++) l = l / gcd(l, d) * d;
        unit = l;
        weight = new long[window + 1];
        for (int d = 1; d <= window; d++) weight[d] = unit / d;
        long maxProduct = maxProduct(v, Math.min(denseCells, MAX_ARRAY));
        width = new int[v];
        offset = new int[v];
        long n = 0;
        for (int i = 0; i < v; i++) {
            width[i] = (int) Math.min(v, maxProduct / (i + 1));
            offset[i] = (int) n;
            n += width[i];
        }
        cells = (int) n;
    }

    /**
     * Counts the co-occurrences of {@code corpus} with the given window on {@code threads} threads, holding at most
     * about {@code memoryBytes}: 3/4 for the dense blocks, 1/4 for the buffers of the other pairs, each no larger than
     * the occurrences need (2 × window × words); during the merge also 64 KiB per spilled run.
     */
    public static Cooccurrences count(EncodedCorpus corpus, int window, int threads, long memoryBytes, boolean progress) throws IOException {
        if (memoryBytes < 1 << 16) throw new IllegalArgumentException("Cooccurrence: memoryBytes must be at least 64 KiB, got " + memoryBytes);
        if (threads < 1) throw new IllegalArgumentException("Cooccurrence: threads must be positive, got " + threads);
        long budget = (memoryBytes - 8L * corpus.vocabulary().size()) / threads; // less the row widths and offsets
        // a thread's block larger than its share of the occurrences would be mostly zeros to clear, add and scan
        long occurrences = (2L * window * corpus.words() + 2 * window) / threads + 2 * window;
        long dense = Math.min(occurrences, Math.max(0, budget / 4 * 3 / 8));
        int buffer = (int) Math.min(Math.min(MAX_ARRAY, occurrences), Math.max(0, budget / 4 / 8));
        return count(corpus, window, threads, dense, buffer, progress);
    }

    /** Counts with a dense block of at most {@code denseCells} cells and a buffer of {@code bufferEntries} entries per thread. */
    static Cooccurrences count(EncodedCorpus corpus, int window, int threads, long denseCells, int bufferEntries, boolean progress) throws IOException {
        Cooccurrence c = new Cooccurrence(corpus.vocabulary().size(), window, denseCells);
        Counter[] counters = new Counter[threads];
        for (int t = 0; t < threads; t++) counters[t] = c.new Counter(Math.max(bufferEntries, 2 * window));
        try (Progress bar = progress ? new Progress("cooccur", corpus.words(), "words") : null) {
            Thread[] running = new Thread[threads];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < threads; t++) {
                int part = t;
                running[t] = new Thread(() -> {
                    try {
                        counters[part].countPieces(corpus, part, threads, part == 0 ? bar : null);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "cooccur-" + t);
                running[t].start();
            }
            for (Thread t : running) t.join();
            Throwable e = failure.get();
            if (e instanceof IOException io) throw io;
            if (e instanceof RuntimeException r) throw r;
            if (e instanceof Error err) throw err;
            return c.merge(corpus.vocabulary(), counters);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Cooccurrence: interrupted", e);
        } finally {
            for (Counter counter : counters) for (Path run : counter.runs) Files.deleteIfExists(run);
        }
    }

    /** The largest maxProduct whose block, sum over rows r = 1..v of min(v, maxProduct / r), has at most {@code cells} cells. */
    static long maxProduct(int v, long cells) {
        long lo = 0, hi = (long) v * v;
        if (cells(v, hi) <= cells) return hi;
        while (hi - lo > 1) { // cells(lo) <= cells < cells(hi)
            long mid = (lo + hi) >>> 1;
            if (cells(v, mid) <= cells) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    private static long cells(int v, long maxProduct) {
        long n = 0;
        for (int r = 1; r <= v; r++) {
            long w = Math.min(v, maxProduct / r);
            if (w == 0) break;
            n += w;
        }
        return n;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long pack(int i, int j, int d) {
        return (long) i << (ID_BITS + D_BITS) | (long) j << D_BITS | d;
    }

    /** One thread's dense block, buffer and spilled runs. */
    private final class Counter {
        final long[] dense = new long[cells];
        final int maxBuffer;
        long[] buffer = new long[0]; // packed (i, j, d), one entry per occurrence; grows up to maxBuffer
        int filled;
        final List<Path> runs = new ArrayList<>();

        Counter(int maxBuffer) { this.maxBuffer = maxBuffer; }

        /** Counts the pairs whose second word is in piece part, part + parts, ... of the corpus. */
        void countPieces(EncodedCorpus corpus, int part, int parts, Progress bar) throws IOException {
            int[] piece = new int[PIECE], ids = new int[window + PIECE];
            int carry = 0; // the last ids of the previous piece of the same sentence, at ids[0..carry)
            long pieces = 0;
            try (EncodedCorpus.Reader reader = corpus.reader(0, 1)) {
                for (int n; (n = reader.next(piece)) >= 0; ) {
                    System.arraycopy(piece, 0, ids, carry, n);
                    int end = carry + n;
                    if (pieces++ % parts == part) {
                        for (int p = carry; p < end; p++) {
                            if (filled > buffer.length - 2 * window) makeRoom();
                            int w2 = ids[p];
                            for (int q = p - 1, lo = Math.max(0, p - window); q >= lo; q--) add(ids[q], w2, p - q);
                        }
                    }
                    if (n == PIECE) { // the sentence may go on in the next piece
                        carry = Math.min(window, end);
                        System.arraycopy(ids, end - carry, ids, 0, carry);
                    } else carry = 0;
                    if (bar != null) bar.set("spills", "%d", runs.size()).advance(n);
                }
            }
        }

        private void add(int w1, int w2, int d) {
            if (w2 < width[w1]) { // (w1 + 1)(w2 + 1) <= maxProduct, a condition symmetric in w1 and w2
                long x = weight[d];
                dense[offset[w1] + w2] += x;
                dense[offset[w2] + w1] += x;
            } else {
                buffer[filled++] = pack(w1, w2, d);
                buffer[filled++] = pack(w2, w1, d);
            }
        }

        /** Grows the buffer while it may, else spills it. */
        private void makeRoom() throws IOException {
            if (buffer.length < maxBuffer) buffer = Arrays.copyOf(buffer, (int) Math.min(maxBuffer, Math.max(1 << 16, 2L * buffer.length)));
            else spill();
        }

        /** Sorts the buffer and writes it as a run of summed pairs. */
        private void spill() throws IOException {
            Path run = Files.createTempFile("nabla-cooccur-", ".run");
            run.toFile().deleteOnExit();
            runs.add(run);
            try (PairRecords.Writer w = new PairRecords.Writer(run)) {
                PairMerge.Source s = bufferSource();
                while (s.advance()) w.write(s.i, s.j, s.value);
            }
            filled = 0;
        }

        /** The buffer's entries, sorted, with the weights of equal pairs summed. */
        PairMerge.Source bufferSource() {
            Arrays.sort(buffer, 0, filled);
            return new PairMerge.Source() {
                private int at;

                @Override
                boolean advance() {
                    if (at >= filled) return false;
                    long pair = buffer[at] >>> D_BITS, sum = 0;
                    while (at < filled && buffer[at] >>> D_BITS == pair) sum += weight[(int) (buffer[at++] & ((1 << D_BITS) - 1))];
                    i = (int) (pair >>> ID_BITS);
                    j = (int) (pair & ID_MASK);
                    value = sum;
                    return true;
                }
            };
        }
    }

    /** Adds the threads' blocks into the first and merges it with every buffer and run. */
    private Cooccurrences merge(Vocabulary vocabulary, Counter[] counters) throws IOException {
        long[] dense = counters[0].dense;
        for (int t = 1; t < counters.length; t++) {
            long[] other = counters[t].dense;
            for (int k = 0; k < cells; k++) dense[k] += other[k];
        }
        Path out = Files.createTempFile("nabla-cooccur-", ".bin");
        out.toFile().deleteOnExit();
        List<PairMerge.Source> sources = new ArrayList<>();
        sources.add(denseSource(dense));
        List<PairMerge.RunSource> readers = new ArrayList<>();
        try {
            for (Counter counter : counters) {
                sources.add(counter.bufferSource());
                for (Path run : counter.runs) readers.add(new PairMerge.RunSource(new PairRecords.Reader(run)));
            }
            sources.addAll(readers);
            long size;
            try (PairRecords.Writer w = new PairRecords.Writer(out)) {
                double scale = unit;
                PairMerge.merge(sources.toArray(PairMerge.Source[]::new), (i, j, value) -> w.write(i, j, Double.doubleToRawLongBits(value / scale)));
                size = w.count();
            }
            return new Cooccurrences(vocabulary, window, out, size);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        } finally {
            for (PairMerge.RunSource r : readers) r.close();
        }
    }

    /** The nonzero cells of a dense block, row by row. */
    private PairMerge.Source denseSource(long[] dense) {
        return new PairMerge.Source() {
            private int row, col = -1;

            @Override
            boolean advance() {
                while (row < v) {
                    int base = offset[row], w = width[row];
                    while (++col < w) {
                        if (dense[base + col] != 0) {
                            i = row;
                            j = col;
                            value = dense[base + col];
                            return true;
                        }
                    }
                    row++;
                    col = -1;
                }
                return false;
            }
        };
    }
}
