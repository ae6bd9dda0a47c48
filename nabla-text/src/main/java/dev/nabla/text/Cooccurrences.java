package dev.nabla.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Word-word co-occurrence counts as {@link Cooccurrence#count} leaves them: a temporary file of unique
 * {@code (i, j, x)} triples sorted by (i, j), where i and j are word ids of {@link #vocabulary()} and x the sum of
 * 1/distance over every time j was within the window of i. The file has GloVe's cooccurrence.bin layout (int, int,
 * double, little-endian) except that ids count from 0, not 1. Close it to delete the file.
 */
public final class Cooccurrences implements AutoCloseable {
    private final Vocabulary vocabulary;
    private final int window;
    private final Path file;
    private final long size;

    Cooccurrences(Vocabulary vocabulary, int window, Path file, long size) {
        this.vocabulary = vocabulary;
        this.window = window;
        this.file = file;
        this.size = size;
    }

    public Vocabulary vocabulary() { return vocabulary; }

    /** The window the counts were taken with. */
    public int window() { return window; }

    /** Number of triples: distinct (i, j) pairs that co-occur. */
    public long size() { return size; }

    /** The file of triples. */
    public Path path() { return file; }

    /** Receives one triple. */
    @FunctionalInterface
    public interface Action {
        void accept(int i, int j, double x) throws IOException;
    }

    /** Calls {@code action} with every triple in (i, j) order. */
    public void forEach(Action action) throws IOException {
        try (PairRecords.Reader r = new PairRecords.Reader(file)) {
            while (r.next()) action.accept(r.i, r.j, Double.longBitsToDouble(r.payload));
        }
    }

    /** Deletes the file. */
    @Override
    public void close() throws IOException { Files.deleteIfExists(file); }

    @Override
    public String toString() {
        return "Cooccurrences[" + size + " pairs of " + vocabulary.size() + " words, window " + window + "]";
    }
}
