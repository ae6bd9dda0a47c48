package dev.nabla.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A stream read through one growable byte window, so that parsers work on byte[] ranges in place: a whole line, or a
 * word and its binary vector, is made to lie in {@code buf[pos, limit)} before it is parsed.
 */
final class ByteInput {
    private final InputStream in;
    byte[] buf = new byte[1 << 20];
    int pos, limit;
    private long consumed; // bytes before buf[0]
    private boolean eof;

    ByteInput(InputStream in) {
        this.in = in;
    }

    /** Offset in the stream of buf[i]. */
    long offset(int i) {
        return consumed + i;
    }

    /** Makes at least n bytes available from pos (fewer only at the end of the stream); returns how many there are. */
    int require(int n) throws IOException {
        if (limit - pos >= n || eof) return limit - pos;
        if (pos > 0) { // slide the unread bytes to the front
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumed += pos;
            limit -= pos;
            pos = 0;
        }
        if (n > buf.length) buf = Arrays.copyOf(buf, Math.max(n, (int) Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
        while (limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
                break;
            }
            limit += r;
        }
        return limit - pos;
    }

    /**
     * The index of the first {@code c} at or after pos, reading more as needed; -1 at the end of the stream without
     * one, or when none comes within {@code max} bytes.
     */
    int find(byte c, int max) throws IOException {
        int from = pos;
        while (true) {
            for (int i = from; i < limit; i++) if (buf[i] == c) return i;
            int have = limit - pos;
            if (have >= max || eof) return -1;
            from = limit - pos; // relative: require() may slide the window
            require(Math.min(max, Math.max(have + 1, have * 2 + 4096)));
            from += pos;
        }
    }

    /** True when no byte is left. */
    boolean atEnd() throws IOException {
        return require(1) == 0;
    }
}
