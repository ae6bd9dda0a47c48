package dev.nabla.text;

import java.io.IOException;

/**
 * A k-way merge of sources of (i, j, value) in (i, j) order, summing the values of equal pairs: what joins the
 * dense block, the in-memory buffer and the spilled runs of {@link Cooccurrence} into one stream of unique pairs.
 */
final class PairMerge {
    private PairMerge() {}

    /** A stream of (i, j, value) in increasing (i, j) order; {@link #advance} loads the next one. */
    abstract static class Source {
        int i, j;
        long value;

        abstract boolean advance() throws IOException;

        final long key() { return (long) i << 32 | j; }
    }

    /** A spilled run: sorted records whose payload is the value. */
    static final class RunSource extends Source implements AutoCloseable {
        private final PairRecords.Reader reader;

        RunSource(PairRecords.Reader reader) { this.reader = reader; }

        @Override
        boolean advance() throws IOException {
            if (!reader.next()) return false;
            i = reader.i;
            j = reader.j;
            value = reader.payload;
            return true;
        }

        @Override
        public void close() throws IOException { reader.close(); }
    }

    @FunctionalInterface
    interface Sink {
        void accept(int i, int j, long value) throws IOException;
    }

    /** Merges the sources into {@code sink}: one call per distinct pair, with the sum of its values. */
    static void merge(Source[] sources, Sink sink) throws IOException {
        Source[] heap = new Source[sources.length];
        int n = 0;
        for (Source s : sources) if (s.advance()) heap[n++] = s;
        for (int k = n / 2 - 1; k >= 0; k--) siftDown(heap, n, k);
        while (n > 0) {
            Source top = heap[0];
            int i = top.i, j = top.j;
            long key = top.key(), sum = 0;
            do {
                top = heap[0];
                sum += top.value;
                if (top.advance()) siftDown(heap, n, 0);
                else if (--n > 0) {
                    heap[0] = heap[n];
                    siftDown(heap, n, 0);
                }
            } while (n > 0 && heap[0].key() == key);
            sink.accept(i, j, sum);
        }
    }

    private static void siftDown(Source[] heap, int n, int k) {
        Source s = heap[k];
        long key = s.key();
        while (true) {
            int c = 2 * k + 1;
            if (c >= n) break;
            if (c + 1 < n && heap[c + 1].key() < heap[c].key()) c++;
            if (heap[c].key() >= key) break;
            heap[k] = heap[c];
            k = c;
        }
        heap[k] = s;
    }
}
