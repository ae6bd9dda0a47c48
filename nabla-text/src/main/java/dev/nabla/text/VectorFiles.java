package dev.nabla.text;

import dev.nabla.util.Files;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reading and writing word-vector files: word2vec text and binary (as the C tool and gensim write them), fastText's
 * .vec (word2vec text) and GloVe text. A name ending in ".gz" is read through gunzip. Writes are atomic.
 * <pre>{@code KeyedVectors kv = VectorFiles.read(Path.of("vectors.bin"));          // format detected
 * VectorFiles.write(kv, Path.of("vectors.txt"), VectorFormat.WORD2VEC_TEXT);}</pre>
 */
public final class VectorFiles {
    private VectorFiles() {}

    /** Reads a file whose format {@link #detect} tells. */
    public static KeyedVectors read(Path path) throws IOException {
        return read(path, detect(path), Integer.MAX_VALUE);
    }

    public static KeyedVectors read(Path path, VectorFormat format) throws IOException {
        return read(path, format, Integer.MAX_VALUE);
    }

    /** The first {@code limit} vectors (gensim's limit): the most frequent words, in the usual vocabulary order. */
    public static KeyedVectors read(Path path, VectorFormat format, int limit) throws IOException {
        boolean gz = isGzip(path);
        long size = gz ? -1 : java.nio.file.Files.size(path);
        try (InputStream in = open(path)) {
            return new VectorFileReader(path.toString(), in, size).read(format, limit);
        }
    }

    /**
     * Which format the file is in, from its first bytes: a "count dim" first line means word2vec, text when the first
     * vector's line after its word is all number characters up to a newline, binary otherwise; anything else is GloVe.
     */
    public static VectorFormat detect(Path path) throws IOException {
        byte[] head;
        try (InputStream in = open(path)) {
            head = in.readNBytes(1 << 16);
        }
        int nl = indexOf(head, (byte) '\n', 0);
        String first = new String(head, 0, nl < 0 ? head.length : nl, StandardCharsets.UTF_8).strip();
        if (!first.matches("\\d+ +\\d{1,9}")) return VectorFormat.GLOVE;
        int dim = Integer.parseInt(first.substring(first.lastIndexOf(' ') + 1));
        int sp = nl < 0 ? -1 : indexOf(head, (byte) ' ', nl + 1);
        if (sp < 0) return VectorFormat.WORD2VEC_TEXT; // no vector to look at: the formats agree
        // text: dim numbers, then a newline; a binary vector's bytes are all number characters with odds ~(30/256)^(4·dim)
        int tokens = 0;
        for (int i = sp + 1; i < head.length; i++) {
            byte c = head[i];
            if (c == '\n') return tokens == dim ? VectorFormat.WORD2VEC_TEXT : VectorFormat.WORD2VEC_BINARY;
            boolean space = c == ' ' || c == '\t' || c == '\r';
            if (!space && !(c >= '0' && c <= '9' || ".-+eEnaifNAIFty".indexOf(c) >= 0)) return VectorFormat.WORD2VEC_BINARY;
            if (!space && (i == sp + 1 || head[i - 1] == ' ' || head[i - 1] == '\t')) tokens++;
        }
        return VectorFormat.WORD2VEC_TEXT;
    }

    /** Writes {@code kv} atomically; text numbers are the shortest decimals that read back to the same float. */
    public static void write(KeyedVectors kv, Path path, VectorFormat format) throws IOException {
        for (int i = 0; i < kv.size(); i++) {
            String w = kv.word(i);
            if (w.isEmpty() || w.indexOf(' ') >= 0 || w.indexOf('\n') >= 0 || w.indexOf('\r') >= 0 || w.indexOf('\t') >= 0)
                throw new IllegalArgumentException("VectorFiles.write: " + path + ": word " + i + " '" + w
                        + "' is empty or holds white space, which the vector file formats use as a separator");
        }
        Files.writeAtomically(path, out -> {
            if (format != VectorFormat.GLOVE) out.write((kv.size() + " " + kv.dim() + "\n").getBytes(StandardCharsets.US_ASCII));
            if (format == VectorFormat.WORD2VEC_BINARY) writeBinary(kv, out);
            else writeText(kv, out);
        });
    }

    private static void writeText(KeyedVectors kv, OutputStream out) throws IOException {
        float[] m = kv.matrix();
        int dim = kv.dim();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < kv.size(); i++) {
            line.setLength(0);
            line.append(kv.word(i));
            for (int k = i * dim; k < (i + 1) * dim; k++) line.append(' ').append(m[k]);
            line.append('\n');
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void writeBinary(KeyedVectors kv, OutputStream out) throws IOException {
        float[] m = kv.matrix();
        int dim = kv.dim();
        ByteBuffer row = ByteBuffer.allocate(dim * 4 + 1).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < kv.size(); i++) {
            out.write(kv.word(i).getBytes(StandardCharsets.UTF_8));
            out.write(' ');
            row.clear();
            row.asFloatBuffer().put(m, i * dim, dim);
            row.put(dim * 4, (byte) '\n');
            out.write(row.array(), 0, dim * 4 + 1);
        }
    }

    private static boolean isGzip(Path path) {
        return path.getFileName().toString().endsWith(".gz");
    }

    private static InputStream open(Path path) throws IOException {
        InputStream in = java.nio.file.Files.newInputStream(path);
        return isGzip(path) ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == c) return i;
        return -1;
    }
}
