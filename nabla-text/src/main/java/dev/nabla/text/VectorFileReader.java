package dev.nabla.text;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one vector file in a single streaming pass over its bytes: no String per line or per number, only one per
 * word. Every complaint names the file and the line (the vector, and its byte offset, in binary files).
 */
final class VectorFileReader {
    private static final int MAX_LINE = 1 << 26, MAX_WORD = 1 << 16, MAX_FLOATS = Integer.MAX_VALUE - 16;
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final ByteInput in;
    private final long sizeHint; // the file's length when known, else -1: sizes the GloVe matrix up front
    private long line; // of the last line read
    private int lineStart, lineEnd; // its bytes in in.buf, without the '\n' (and a '\r' before it)

    private final List<String> words = new ArrayList<>();
    private final Map<String, Long> lineOf = new HashMap<>();
    private float[] data = new float[0];
    private int dim;

    VectorFileReader(String name, InputStream stream, long sizeHint) {
        this.name = name;
        this.in = new ByteInput(stream);
        this.sizeHint = sizeHint;
    }

    /** The first {@code limit} vectors of the file (all of them when it has fewer, or limit is Integer.MAX_VALUE). */
    KeyedVectors read(VectorFormat format, int limit) throws IOException {
        if (limit < 0) throw new IllegalArgumentException("VectorFiles.read: limit must be >= 0, got " + limit);
        switch (format) {
            case WORD2VEC_TEXT -> {
                int count = header(limit);
                while (words.size() < count && nextLine()) parseRow(words.size() * dim);
                if (words.size() < count) throw error(line, "the header promises " + count + " vectors, the file ends after " + words.size());
                if (count < limit) while (nextLine()) // a header that undercounts loses vectors: say so
                    if (lineEnd > lineStart) throw error(line, "more vectors than the " + count + " the header promises");
            }
            case WORD2VEC_BINARY -> {
                int count = header(limit);
                for (int r = 0; r < count; r++) binaryRow(r, count);
                if (count < limit) {
                    while (!in.atEnd() && isSpace(in.buf[in.pos])) in.pos++;
                    if (!in.atEnd()) throw error("byte " + in.offset(in.pos) + ": data after the " + count + " vectors the header promises");
                }
            }
            case GLOVE -> {
                if (limit > 0 && nextLine()) {
                    dim = countNumbers();
                    if (dim == 0) throw error(line, "no numbers after the word: the first line sets the dimension");
                    long rows = sizeHint > 0 ? sizeHint / (lineEnd - lineStart + 1) + 16 : 1024;
                    data = new float[(int) Math.min(Math.min(rows, limit) * dim, MAX_FLOATS / dim * dim)];
                    do {
                        if ((long) (words.size() + 1) * dim > data.length) grow();
                        parseRow(words.size() * dim);
                    } while (words.size() < limit && nextLine());
                }
            }
        }
        float[] matrix = data.length == words.size() * dim ? data : Arrays.copyOf(data, words.size() * dim);
        return new KeyedVectors(words, Math.max(dim, 1), matrix);
    }

    /** Reads the "count dim" line; allocates the matrix for min(count, limit) vectors and returns that count. */
    private int header(int limit) throws IOException {
        if (!nextLine()) throw error(1, "empty file: expected a 'count dim' header");
        String text = new String(in.buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8).strip();
        String[] parts = text.split(" +");
        long count = -1, d = -1;
        if (parts.length == 2) {
            try {
                count = Long.parseLong(parts[0]);
                d = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                count = -1;
            }
        }
        if (count < 0 || d <= 0 || d > Integer.MAX_VALUE)
            throw error(1, "expected a 'count dim' header (two whole numbers, dim > 0), found '" + shorten(text) + "'"
                    + (parts.length > 2 ? ": a GloVe file (no header)?" : ""));
        dim = (int) d;
        long n = Math.min(count, limit);
        if (n * dim > MAX_FLOATS)
            throw error(1, n + " vectors of dim " + dim + " do not fit one float array; read fewer (limit)");
        data = new float[(int) (n * dim)];
        return (int) n;
    }

    /** Moves to the next line; false at the end of the file. */
    private boolean nextLine() throws IOException {
        if (in.atEnd()) return false;
        int nl = in.find((byte) '\n', MAX_LINE);
        int end;
        if (nl >= 0) end = nl;
        else if (in.limit - in.pos >= MAX_LINE) throw error(line + 1, "a line longer than " + MAX_LINE + " bytes: not a text vector file?");
        else end = in.limit; // the last line, without a newline
        line++;
        lineStart = in.pos;
        lineEnd = end > lineStart && in.buf[end - 1] == '\r' ? end - 1 : end;
        in.pos = nl >= 0 ? nl + 1 : end;
        return true;
    }

    /** Counts the numbers after the word on the current line. */
    private int countNumbers() {
        byte[] b = in.buf;
        int i = wordEnd(), n = 0;
        while (true) {
            while (i < lineEnd && isSpace(b[i])) i++;
            if (i == lineEnd) return n;
            n++;
            while (i < lineEnd && !isSpace(b[i])) i++;
        }
    }

    private int wordEnd() {
        int i = lineStart;
        while (i < lineEnd && in.buf[i] != ' ') i++;
        return i;
    }

    /** Parses "word v1 ... vdim" on the current line into data[off, off + dim). */
    private void parseRow(int off) throws IOException {
        byte[] b = in.buf;
        int i = wordEnd();
        if (i == lineStart) throw error(line, lineEnd == lineStart ? "empty line" : "the line starts with a space: no word");
        String word = addWord(new String(b, lineStart, i - lineStart, StandardCharsets.UTF_8), line);
        int n = 0;
        while (true) {
            while (i < lineEnd && isSpace(b[i])) i++;
            if (i == lineEnd) break;
            int j = i;
            while (j < lineEnd && !isSpace(b[j])) j++;
            if (n == dim) {
                i = j;
                n++;
                continue; // count them all for the message
            }
            try {
                data[off + n] = FloatParser.parse(b, i, j);
            } catch (NumberFormatException e) {
                throw error(line, "bad number '" + shorten(new String(b, i, j - i, StandardCharsets.UTF_8)) + "' (number "
                        + (n + 1) + " of " + dim + " after '" + word + "')");
            }
            n++;
            i = j;
        }
        if (n != dim) throw error(line, "expected " + dim + " numbers after '" + word + "', found " + n);
    }

    /** Reads word r of count: newlines, the word up to a space, then dim little-endian floats. */
    private void binaryRow(int r, int count) throws IOException {
        while (in.require(1) > 0 && in.buf[in.pos] == '\n') in.pos++;
        if (in.atEnd()) throw error("the header promises " + count + " vectors, the file ends after " + r);
        long start = in.offset(in.pos);
        int sp = in.find((byte) ' ', MAX_WORD);
        if (sp < 0)
            throw error(in.limit - in.pos < MAX_WORD ? "the file ends inside the word of vector " + (r + 1) + " of " + count + " (byte " + start + ")"
                    : "vector " + (r + 1) + " (byte " + start + "): no space ends its word within " + MAX_WORD + " bytes: not a word2vec binary file?");
        String word = addWord(new String(in.buf, in.pos, sp - in.pos, StandardCharsets.UTF_8), r + 2);
        in.pos = sp + 1;
        int bytes = dim * 4, have = in.require(bytes);
        if (have < bytes)
            throw error("vector " + (r + 1) + " of " + count + " ('" + word + "', byte " + start + ") is truncated: it needs "
                    + bytes + " bytes of float32, the file ends after " + have);
        byte[] b = in.buf;
        for (int k = 0, p = in.pos, o = r * dim; k < dim; k++, p += 4) data[o + k] = (float) FLOAT_LE.get(b, p);
        in.pos += bytes;
    }

    /** Registers a word, refusing the second of two equal ones (a vocabulary maps each word to one row). */
    private String addWord(String word, long at) throws IOException {
        Long first = lineOf.putIfAbsent(word, at);
        if (first != null) throw error(at, "'" + word + "' appears twice (first on line " + first + ")");
        words.add(word);
        return word;
    }

    private void grow() throws IOException {
        long want = Math.min(Math.max((long) data.length * 3 / 2, (long) (words.size() + 1) * dim), MAX_FLOATS / dim * (long) dim);
        if (want < (long) (words.size() + 1) * dim)
            throw error(line, "more vectors than one float array holds (" + words.size() + " of dim " + dim + ")");
        data = Arrays.copyOf(data, (int) want);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private IOException error(long atLine, String what) {
        return new IOException(name + ":" + atLine + ": " + what);
    }

    private IOException error(String what) {
        return new IOException(name + ": " + what);
    }
}
