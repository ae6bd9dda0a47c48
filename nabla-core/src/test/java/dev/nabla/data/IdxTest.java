package dev.nabla.data;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] images(int n, int rows, int cols, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(16 + dataBytes).putInt(0x803).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < dataBytes; i++) b.put((byte) (i * 37));
        return b.array();
    }

    static byte[] labels(int n, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + dataBytes).putInt(0x801).putInt(n);
        for (int i = 0; i < dataBytes; i++) b.put((byte) (i % 10));
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(o)) {
            z.write(raw);
        }
        return o.toByteArray();
    }

    private Path write(String name, byte[] b) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, b);
        return f;
    }

    @Test
    void readsRawAndGzipImagesScaledToUnitRange() throws IOException {
        byte[] raw = images(3, 2, 4, 24);
        for (Path f : new Path[] {write("img", raw), write("img.gz", gzip(raw))}) {
            Tensor x = Idx.readImages(f);
            assertArrayEquals(new int[] {3, 1, 2, 4}, x.shape());
            float[] v = x.toArray();
            for (int i = 0; i < 24; i++) assertEquals(((i * 37) & 0xff) / 255f, v[i], f + " pixel " + i);
        }
        Tensor full = Idx.readImages(write("w", ByteBuffer.allocate(17).putInt(0x803).putInt(1).putInt(1).putInt(1).put((byte) 255).array()));
        assertEquals(1f, full.item());
    }

    @Test
    void readsRawAndGzipLabels() throws IOException {
        byte[] raw = labels(12, 12);
        for (Path f : new Path[] {write("lab", raw), write("lab.gz", gzip(raw))})
            assertEquals(IntTensor.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1), Idx.readLabels(f));
    }

    private static void assertError(String msg, Executable e) {
        IOException ex = assertThrows(IOException.class, e::run);
        assertTrue(ex.getMessage().contains(msg), "'" + msg + "' not in: " + ex.getMessage());
    }

    interface Executable {
        void run() throws IOException;
    }

    @Test
    void truncatedFilesSayWhatTheHeaderPromised() throws IOException {
        Path f = write("train-images-idx3-ubyte.gz", gzip(images(60000, 28, 28, 1000)));
        assertError("train-images-idx3-ubyte.gz: truncated: header promises 47040000 bytes of pixels, found 1000", () -> Idx.readImages(f));
        Path l = write("labels", labels(10, 7));
        assertError("labels: truncated: header promises 10 bytes of labels, found 7", () -> Idx.readLabels(l));
        Path h = write("short", Arrays.copyOf(images(1, 1, 1, 1), 10));
        assertError("short: truncated header: the file ends before the row count", () -> Idx.readImages(h));
        // a gzip stream cut in the middle
        byte[] z = gzip(images(4, 8, 8, 256));
        Path cut = write("cut.gz", Arrays.copyOf(z, z.length / 2));
        assertError("cut.gz: ", () -> Idx.readImages(cut));
    }

    @Test
    void extraBytesWrongMagicAndBadDimsAreErrors() throws IOException {
        Path extra = write("extra", images(2, 2, 2, 10));
        assertError("extra: 2 bytes after the 8 bytes of pixels the header promises", () -> Idx.readImages(extra));
        Path lab = write("lab", labels(3, 3));
        assertError("lab: not an IDX image file: magic number is 0x00000801, expected 0x00000803 (this is a label file)", () -> Idx.readImages(lab));
        Path img = write("img", images(1, 1, 1, 1));
        assertError("img: not an IDX label file: magic number is 0x00000803", () -> Idx.readLabels(img));
        Path dims = write("dims", images(1, 0, 3, 0));
        assertError("dims: bad dims in the header: 1 images of 0x3", () -> Idx.readImages(dims));
        Path big = write("big", images(100000, 1000, 1000, 0));
        assertError("big: header promises 100000000000 bytes of pixels", () -> Idx.readImages(big));
    }

    @Test
    void fashionMnistFindsTheStandardNamesWithOrWithoutGzip() throws IOException {
        write("train-images-idx3-ubyte.gz", gzip(images(5, 28, 28, 5 * 784)));
        write("train-labels-idx1-ubyte", labels(5, 5));
        TensorDataset ds = FashionMnist.load(dir, true);
        assertEquals(5, ds.size());
        Batch b = ds.get(4);
        assertArrayEquals(new int[] {1, 28, 28}, b.x().shape());
        assertEquals(4, b.y().item());
        assertThrows(NoSuchFileException.class, () -> FashionMnist.load(dir, false));
        write("t10k-images-idx3-ubyte", images(3, 28, 28, 3 * 784));
        write("t10k-labels-idx1-ubyte", labels(2, 2));
        assertError("t10k-images-idx3-ubyte has 3 images but t10k-labels-idx1-ubyte has 2 labels", () -> FashionMnist.load(dir, false));
        write("t10k-labels-idx1-ubyte", ByteBuffer.allocate(11).putInt(0x801).putInt(3).put((byte) 1).put((byte) 12).put((byte) 0).array());
        assertError("t10k-labels-idx1-ubyte: label 12 at index 1 is not a class id in [0, 10)", () -> FashionMnist.load(dir, false));
    }

    /** The real data, when the shared data folder is there (NABLA_DATA or ../shared/data from the project root). */
    @Test
    void readsTheRealFashionMnistWhenPresent() throws IOException {
        Path d = FashionMnist.defaultDir();
        assumeTrue(d != null, "no fashion-mnist folder found; skipped");
        TensorDataset train = FashionMnist.load(d, true), test = FashionMnist.load(d, false);
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertArrayEquals(new int[] {60000, 1, 28, 28}, train.inputs().shape());
        int[] counts = new int[10];
        Batch all = test.getBatch(java.util.stream.IntStream.range(0, 10000).toArray());
        for (int y : all.y().storage()) counts[y]++;
        for (int c : counts) assertEquals(1000, c); // the test split is balanced
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : all.x().storage()) { min = Math.min(min, v); max = Math.max(max, v); }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }
}
