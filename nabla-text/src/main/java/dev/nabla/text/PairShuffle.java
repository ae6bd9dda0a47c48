package dev.nabla.text;

import dev.nabla.tensor.Generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Shuffles a file of {@link PairRecords} in bounded memory as GloVe's shuffle.c does: chunks of at most
 * {@code chunk} records are shuffled (Fisher-Yates) and written to temporary files; then, again and again, the next
 * chunk / k records of each of the k files are read together, shuffled and written out. Not a perfect shuffle when
 * there are several chunks (records stay near their chunk's share of the output), but enough to break the sorted
 * order for SGD, as in GloVe; one chunk is a perfect shuffle. Seeded: the same generator gives the same order.
 */
final class PairShuffle {
    private PairShuffle() {}

    /** Rewrites a payload while it is read (the first pass only). */
    @FunctionalInterface
    interface PayloadMap {
        long map(long payload);
    }

    /** Writes the records of {@code in}, payloads mapped, to {@code out} in a shuffled order; returns how many. */
    static long shuffle(Path in, Path out, int chunk, Generator g, PayloadMap map) throws IOException {
        if (chunk < 1) throw new IllegalArgumentException("PairShuffle: chunk must be positive, got " + chunk);
        chunk = (int) Math.min(chunk, Math.max(1, Files.size(in) / PairRecords.BYTES + 1));
        long[] records = new long[2 * chunk]; // (i | j << 32, payload) per record
        List<Path> parts = new ArrayList<>();
        try {
            long total = 0;
            try (PairRecords.Reader r = new PairRecords.Reader(in)) {
                int n;
                do {
                    n = 0;
                    while (n < chunk && r.next()) {
                        records[2 * n] = r.i & 0xFFFFFFFFL | (long) r.j << 32;
                        records[2 * n + 1] = map.map(r.payload);
                        n++;
                    }
                    total += n;
                    if (n < chunk && parts.isEmpty()) { // everything fits: one shuffle straight to the output
                        shuffle(records, n, g);
                        try (PairRecords.Writer w = new PairRecords.Writer(out)) {
                            write(records, n, w);
                        }
                        return total;
                    }
                    if (n > 0) {
                        shuffle(records, n, g);
                        Path part = Files.createTempFile("nabla-shuffle-", ".part");
                        part.toFile().deleteOnExit();
                        parts.add(part);
                        try (PairRecords.Writer w = new PairRecords.Writer(part)) {
                            write(records, n, w);
                        }
                    }
                } while (n == chunk);
            }
            merge(parts, records, chunk, out, g);
            return total;
        } finally {
            for (Path p : parts) Files.deleteIfExists(p);
        }
    }

    /** shuffle.c's second pass: chunk / k records of each part at a time, shuffled together. */
    private static void merge(List<Path> parts, long[] records, int chunk, Path out, Generator g) throws IOException {
        int share = Math.max(1, chunk / parts.size());
        List<PairRecords.Reader> readers = new ArrayList<>();
        try (PairRecords.Writer w = new PairRecords.Writer(out)) {
            for (Path p : parts) readers.add(new PairRecords.Reader(p));
            while (true) {
                int n = 0;
                for (PairRecords.Reader r : readers) {
                    for (int k = 0; k < share && n < chunk && r.next(); k++, n++) {
                        records[2 * n] = r.i & 0xFFFFFFFFL | (long) r.j << 32;
                        records[2 * n + 1] = r.payload;
                    }
                }
                if (n == 0) break;
                shuffle(records, n, g);
                write(records, n, w);
            }
        } finally {
            for (PairRecords.Reader r : readers) r.close();
        }
    }

    /** Fisher-Yates over the first n records. */
    static void shuffle(long[] records, int n, Generator g) {
        for (int a = n - 1; a > 0; a--) {
            int b = g.nextInt(a + 1);
            long k = records[2 * a], p = records[2 * a + 1];
            records[2 * a] = records[2 * b];
            records[2 * a + 1] = records[2 * b + 1];
            records[2 * b] = k;
            records[2 * b + 1] = p;
        }
    }

    private static void write(long[] records, int n, PairRecords.Writer w) throws IOException {
        for (int k = 0; k < n; k++) w.write((int) records[2 * k], (int) (records[2 * k] >>> 32), records[2 * k + 1]);
    }
}
