package dev.nabla.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Files of 16-byte records {@code (int i, int j, 8 bytes of payload)}, little-endian: the layout of GloVe's CREC
 * (word1, word2, a double) on the usual machines. GloVe's stages all pass such files: sorted runs of counts, the
 * co-occurrence file, the shuffled training pairs; only the payload's meaning changes (a fixed-point sum, a double,
 * two floats).
 */
final class PairRecords {
    static final int BYTES = 16;
    private static final int BUFFER = 1 << 16;

    private PairRecords() {}

    /** Appends records to a new file. */
    static final class Writer implements AutoCloseable {
        private final Path path;
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private long count;

        Writer(Path path) throws IOException {
            this.path = path;
            this.ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        void write(int i, int j, long payload) throws IOException {
            if (!buf.hasRemaining()) flush();
            buf.putInt(i).putInt(j).putLong(payload);
            count++;
        }

        void write(int i, int j, float a, float b) throws IOException {
            write(i, j, Float.floatToRawIntBits(a) & 0xFFFFFFFFL | (long) Float.floatToRawIntBits(b) << 32);
        }

        long count() { return count; }

        Path path() { return path; }

        private void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                ch.close();
            }
        }
    }

    /** Reads records {@code [from, to)} of a file in order; after {@link #next()} the fields hold the record. */
    static final class Reader implements AutoCloseable {
        private final Path path;
        private final FileChannel ch;
        private final ByteBuffer buf;
        private final long from, to;
        private long next; // index of the next record to load into buf
        int i, j;
        long payload;

        Reader(Path path) throws IOException {
            this(path, 0, -1, BUFFER);
        }

        /** Records from..to (to = -1: the end of the file), read bufferBytes at a time. */
        Reader(Path path, long from, long to, int bufferBytes) throws IOException {
            this.path = path;
            this.ch = FileChannel.open(path, StandardOpenOption.READ);
            long size = ch.size();
            if (size % BYTES != 0) {
                ch.close();
                throw new IOException(path + ": " + size + " bytes is not a whole number of " + BYTES + "-byte records");
            }
            this.from = from;
            this.to = to < 0 ? size / BYTES : to;
            this.buf = ByteBuffer.allocate(Math.max(BYTES, bufferBytes / BYTES * BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            rewind();
        }

        /** Back to the first record. */
        void rewind() {
            next = from;
            buf.clear().limit(0);
        }

        boolean next() throws IOException {
            if (!buf.hasRemaining() && !fill()) return false;
            i = buf.getInt();
            j = buf.getInt();
            payload = buf.getLong();
            return true;
        }

        /** The payload's low four bytes as a float. */
        float low() { return Float.intBitsToFloat((int) payload); }

        /** The payload's high four bytes as a float. */
        float high() { return Float.intBitsToFloat((int) (payload >>> 32)); }

        private boolean fill() throws IOException {
            long records = Math.min(buf.capacity() / BYTES, to - next);
            if (records <= 0) return false;
            buf.clear().limit((int) records * BYTES);
            long at = next * BYTES;
            while (buf.hasRemaining())
                if (ch.read(buf, at + buf.position()) < 0) throw new IOException(path + ": ended early (was it deleted?)");
            buf.flip();
            next += records;
            return true;
        }

        @Override
        public void close() throws IOException { ch.close(); }
    }
}
