package dev.nabla.data;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (raw or gzip, told apart by the gzip magic bytes). The header is
 * checked (magic number, dims) and the file must hold exactly the bytes the header promises; every error names the
 * file and what is wrong.
 */
public final class Idx {
    /** Magic numbers: 0x08 = unsigned bytes, then the number of dims. */
    public static final int IMAGES_MAGIC = 0x00000803, LABELS_MAGIC = 0x00000801;

    private static final float[] SCALE = new float[256];

    static {
        for (int i = 0; i < 256; i++) SCALE[i] = i / 255f;
    }

    private Idx() {}

    /** Images as a float tensor (N, 1, rows, cols) scaled to [0, 1]. */
    public static Tensor readImages(Path file) throws IOException {
        try (InputStream in = open(file)) {
            String name = file.getFileName().toString();
            int magic = readInt(in, name, "magic number");
            if (magic != IMAGES_MAGIC)
                throw new IOException(name + ": not an IDX image file: magic number is " + hex(magic) + ", expected " + hex(IMAGES_MAGIC)
                        + (magic == LABELS_MAGIC ? " (this is a label file)" : ""));
            int n = readInt(in, name, "image count"), rows = readInt(in, name, "row count"), cols = readInt(in, name, "column count");
            if (n < 0 || rows <= 0 || cols <= 0)
                throw new IOException(name + ": bad dims in the header: " + n + " images of " + rows + "x" + cols);
            long total = (long) n * rows * cols;
            if (total > Integer.MAX_VALUE - 8)
                throw new IOException(name + ": header promises " + total + " bytes of pixels, more than one tensor can hold");
            byte[] px = readExactly(in, name, (int) total, "pixels");
            float[] out = new float[px.length];
            for (int i = 0; i < px.length; i++) out[i] = SCALE[px[i] & 0xff];
            return Tensor.wrap(out, n, 1, rows, cols);
        }
    }

    /** Labels as an int tensor (N). */
    public static IntTensor readLabels(Path file) throws IOException {
        try (InputStream in = open(file)) {
            String name = file.getFileName().toString();
            int magic = readInt(in, name, "magic number");
            if (magic != LABELS_MAGIC)
                throw new IOException(name + ": not an IDX label file: magic number is " + hex(magic) + ", expected " + hex(LABELS_MAGIC)
                        + (magic == IMAGES_MAGIC ? " (this is an image file)" : ""));
            int n = readInt(in, name, "label count");
            if (n < 0) throw new IOException(name + ": bad label count in the header: " + n);
            byte[] b = readExactly(in, name, n, "labels");
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = b[i] & 0xff;
            return IntTensor.wrap(out, n);
        }
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (IOException e) {
                in.close();
                throw new IOException(file.getFileName() + ": bad gzip header: " + e.getMessage(), e);
            }
        }
        return in;
    }

    private static int readInt(InputStream in, String name, String what) throws IOException {
        byte[] b = read(in, name, 4);
        if (b.length < 4) throw new IOException(name + ": truncated header: the file ends before the " + what);
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static byte[] readExactly(InputStream in, String name, int n, String what) throws IOException {
        byte[] b = read(in, name, n);
        if (b.length < n) throw new IOException(name + ": truncated: header promises " + n + " bytes of " + what + ", found " + b.length);
        long extra;
        try {
            extra = in.skip(Long.MAX_VALUE);
            // skip may stop early on some streams: drain what is left
            while (in.read() != -1) extra++;
        } catch (ZipException | EOFException e) {
            throw new IOException(name + ": corrupt gzip data after the " + what + ": " + e.getMessage(), e);
        }
        if (extra > 0) throw new IOException(name + ": " + extra + " bytes after the " + n + " bytes of " + what + " the header promises");
        return b;
    }

    private static byte[] read(InputStream in, String name, int n) throws IOException {
        try {
            return in.readNBytes(n);
        } catch (ZipException | EOFException e) {
            throw new IOException(name + ": corrupt or truncated gzip data: " + e.getMessage(), e);
        }
    }
}
