package dev.nabla.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A corpus as word ids, in a temporary file: the in-vocabulary tokens of each sentence (words outside the
 * vocabulary dropped, as word2vec drops them before windowing), each sentence ended by -1. Trainers read it once
 * per epoch without tokenizing again, threads reading disjoint {@linkplain #reader parts} of it. Memory use is a
 * read buffer per reader whatever the corpus size. Close it to delete the file.
 */
public final class EncodedCorpus implements AutoCloseable {
    private static final int END = -1;
    private static final int BUFFER_INTS = 1 << 14;

    private final Vocabulary vocabulary;
    private final Path file;
    private final long words, sentences, length;

    private EncodedCorpus(Vocabulary vocabulary, Path file, long words, long sentences) {
        this.vocabulary = vocabulary;
        this.file = file;
        this.words = words;
        this.sentences = sentences;
        this.length = words + sentences;
    }

    /**
     * Counts the vocabulary of {@code corpus} (minCount, maxSize), then encodes the corpus in it: two passes over the
     * text. {@code trainer} names the caller in the error when no word is frequent enough.
     */
    public static EncodedCorpus build(Corpus corpus, int minCount, int maxSize, String trainer) throws IOException {
        return encode(corpus, requireWords(Vocabulary.build(corpus, minCount, maxSize), corpus, minCount, trainer));
    }

    /** The vocabulary, or an error naming the trainer and the corpus when it is empty. */
    static Vocabulary requireWords(Vocabulary vocabulary, Corpus corpus, int minCount, String trainer) {
        if (vocabulary.size() == 0)
            throw new IllegalArgumentException(trainer + ": no word of " + corpus.description() + " occurs " + minCount + " times (minCount)");
        return vocabulary;
    }

    /** Tokenizes {@code corpus} once more and writes the ids of its tokens in {@code vocabulary}. */
    public static EncodedCorpus encode(Corpus corpus, Vocabulary vocabulary) throws IOException {
        Path file = Files.createTempFile("nabla-corpus-", ".ids");
        file.toFile().deleteOnExit();
        long[] totals = new long[2]; // words, sentences
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(BUFFER_INTS * 4).order(ByteOrder.LITTLE_ENDIAN);
            corpus.forEachSentence(tokens -> {
                long written = 0;
                for (String t : tokens) {
                    int id = vocabulary.id(t);
                    if (id < 0) continue;
                    put(ch, buf, id);
                    written++;
                }
                if (written > 0) {
                    put(ch, buf, END);
                    totals[0] += written;
                    totals[1]++;
                }
            });
            flush(ch, buf);
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(file);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new EncodedCorpus(vocabulary, file, totals[0], totals[1]);
    }

    private static void put(FileChannel ch, ByteBuffer buf, int v) {
        if (!buf.hasRemaining()) flush(ch, buf);
        buf.putInt(v);
    }

    private static void flush(FileChannel ch, ByteBuffer buf) {
        try {
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Vocabulary vocabulary() { return vocabulary; }

    /** Number of in-vocabulary tokens. */
    public long words() { return words; }

    /** Number of sentences with at least one in-vocabulary token. */
    public long sentences() { return sentences; }

    /** Receives one sentence: {@code ids[0..length)}; the array is reused. */
    @FunctionalInterface
    public interface SentenceAction {
        void accept(int[] ids, int length);
    }

    /** Calls {@code action} with every sentence in order, split into pieces of at most {@code maxLength} ids. */
    public void forEachSentence(int maxLength, SentenceAction action) throws IOException {
        int[] ids = new int[maxLength];
        try (Reader r = reader(0, 1)) {
            for (int n; (n = r.next(ids)) >= 0; ) if (n > 0) action.accept(ids, n);
        }
    }

    /**
     * A reader of part {@code part} of {@code parts} equal slices of the file (for thread {@code part} of
     * {@code parts}). A slice may begin or end inside a sentence; every id belongs to exactly one slice.
     */
    public Reader reader(int part, int parts) throws IOException {
        if (parts < 1 || part < 0 || part >= parts)
            throw new IllegalArgumentException("EncodedCorpus.reader: part " + part + " of " + parts);
        return new Reader(FileChannel.open(file, StandardOpenOption.READ), length * part / parts, length * (part + 1) / parts);
    }

    /** Reads the sentences of one slice. Not thread-safe: one per thread. */
    public static final class Reader implements AutoCloseable {
        private final FileChannel ch;
        private final long from, to;
        private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_INTS * 4).order(ByteOrder.LITTLE_ENDIAN);
        private final IntBuffer ints = bytes.asIntBuffer();
        private final int[] buf = new int[BUFFER_INTS];
        private long next; // file position (in ints) of buf[limit]
        private int pos, limit;

        private Reader(FileChannel ch, long from, long to) {
            this.ch = ch;
            this.from = from;
            this.to = to;
            rewind();
        }

        /** Back to the start of the slice (the next epoch). */
        public void rewind() {
            next = from;
            pos = limit = 0;
        }

        /**
         * Reads the next sentence into {@code ids}: returns its length (at most ids.length: a longer sentence goes on
         * in the next call; 0 can happen at a slice or piece boundary), or -1 at the end of the slice.
         */
        public int next(int[] ids) throws IOException {
            int n = 0;
            while (n < ids.length) {
                if (pos == limit && !fill()) return n > 0 ? n : -1;
                int id = buf[pos++];
                if (id == END) return n;
                ids[n++] = id;
            }
            return n;
        }

        private boolean fill() throws IOException {
            int want = (int) Math.min(BUFFER_INTS, to - next);
            if (want <= 0) return false;
            bytes.clear().limit(want * 4);
            long at = next * 4;
            while (bytes.hasRemaining()) {
                int r = ch.read(bytes, at + bytes.position());
                if (r < 0) throw new IOException("EncodedCorpus: ids file ended early (was it deleted?)");
            }
            ints.clear();
            ints.get(buf, 0, want);
            next += want;
            pos = 0;
            limit = want;
            return true;
        }

        @Override
        public void close() throws IOException { ch.close(); }
    }

    /** Deletes the ids file. */
    @Override
    public void close() throws IOException { Files.deleteIfExists(file); }
}
