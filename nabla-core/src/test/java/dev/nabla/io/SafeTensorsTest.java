package dev.nabla.io;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SafeTensorsTest.class.getResourceAsStream("/safetensors/" + name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return in.readAllBytes();
        }
    }

    /** The golden was written by hand from the spec with Python (resources/safetensors/reference.py). */
    @Test
    void readsTheReferenceFile() throws IOException {
        Path f = dir.resolve("golden.safetensors");
        Files.write(f, resource("golden.safetensors"));
        SafeTensors.Contents c = SafeTensors.load(f);
        assertEquals(List.of("weight", "half", "brain", "scalar", "empty"), List.copyOf(c.tensors().keySet()));
        assertEquals(Map.of("format", "pt", "note", "hand-written golden"), c.metadata());
        Tensor w = c.tensors().get("weight");
        assertArrayEquals(new int[] {2, 3}, w.shape());
        assertArrayEquals(new float[] {1.5f, -2.25f, 3f, 0.1f, 1e-8f, -7.5e5f}, w.toArray());
        assertArrayEquals(new float[] {0.5f, -1f, 65504f, 6.103515625e-05f, 5.960464477539063e-08f, 0.333251953125f},
                c.tensors().get("half").toArray());
        assertArrayEquals(new float[] {1f, -3.5f, 0.15625f, 0x1p60f}, c.tensors().get("brain").toArray());
        assertArrayEquals(new int[0], c.tensors().get("scalar").shape());
        assertEquals(42f, c.tensors().get("scalar").item());
        assertArrayEquals(new int[] {0, 3}, c.tensors().get("empty").shape());
        assertEquals(IntTensor.of(new int[][] {{1, -2}, {Integer.MAX_VALUE, Integer.MIN_VALUE}}), c.intTensors().get("ids"));
        assertEquals(IntTensor.of(5, -6, 7), c.intTensors().get("longs"));
    }

    @Test
    void roundTripsFloatsIntsAndMetadata() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        Generator g = new Generator(3);
        t.put("a.weight", Tensor.randn(g, 5, 7));
        t.put("b", Tensor.randn(g, 4, 3).t()); // non-contiguous: written in row-major order of its shape
        t.put("s", Tensor.scalar(-0f));
        t.put("e", Tensor.zeros(0, 2));
        t.put("big", Tensor.randn(g, 300_000)); // several write chunks
        Map<String, IntTensor> ints = Map.of("ids", IntTensor.of(3, 1, 4));
        Path f = dir.resolve("x.safetensors");
        SafeTensors.save(f, t, ints, Map.of("k", "v \"quoted\" ü"));
        SafeTensors.Contents c = SafeTensors.load(f);
        assertEquals(List.copyOf(t.keySet()), List.copyOf(c.tensors().keySet()));
        for (String k : t.keySet()) {
            assertArrayEquals(t.get(k).shape(), c.tensors().get(k).shape(), k);
            float[] a = t.get(k).toArray(), b = c.tensors().get(k).toArray();
            for (int i = 0; i < a.length; i++) assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), k + "[" + i + "]");
        }
        assertEquals(ints.get("ids"), c.intTensors().get("ids"));
        assertEquals("v \"quoted\" ü", c.metadata().get("k"));
        // the data starts 8-byte aligned, as the reference writer does
        long n = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8);
    }

    @Test
    void writingIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("m.safetensors");
        SafeTensors.save(f, Map.of("x", Tensor.of(1f, 2f)));
        SafeTensors.save(f, Map.of("x", Tensor.of(3f, 4f, 5f)));
        assertArrayEquals(new float[] {3f, 4f, 5f}, SafeTensors.load(f).tensors().get("x").toArray());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
        // a failed write (a name the format forbids) leaves the old file intact and no temporary behind
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.save(f, Map.of("__metadata__", Tensor.of(1f))));
        assertArrayEquals(new float[] {3f, 4f, 5f}, SafeTensors.load(f).tensors().get("x").toArray());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    // ---------------------------------------------------------------- corrupt files

    private Path withHeader(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private void assertRejects(Path f, String... fragments) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        for (String s : fragments) assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
    }

    @Test
    void truncatedFilesNameTheFileAndTheTensor() throws IOException {
        Path f = dir.resolve("t.safetensors");
        SafeTensors.save(f, Map.of("w", Tensor.ones(10, 10)));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 4));
        assertRejects(f, "truncated", "'w'", "ends at byte 400", "396");
        Files.write(f, java.util.Arrays.copyOf(all, 20));
        assertRejects(f, "truncated: header length");
        Files.write(f, java.util.Arrays.copyOf(all, 5));
        assertRejects(f, "shorter than the 8-byte header length");
    }

    @Test
    void corruptHeadersAreRejected() throws IOException {
        assertRejects(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", 8), "corrupt header");
        assertRejects(withHeader("[1,2]", 0), "does not start with '{'");
        assertRejects(withHeader("{\"w\":{\"dtype\":\"Q8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2), "'w'", "unsupported dtype Q8");
        assertRejects(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "'w'", "needs 12");
        assertRejects(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "bad shape");
        assertRejects(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}", 8), "data_offsets must be two integers");
        assertRejects(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "'b'", "overlaps");
        assertRejects(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "'a'", "hole");
        assertRejects(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8), "4 bytes of data after the last tensor");
        assertRejects(withHeader("{\"__metadata__\":{\"n\":1}}", 0), "not a string");
        assertRejects(withHeader("{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 0), "truncated");
        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array());
        assertRejects(huge, "header length");
    }

    @Test
    void byteTensorsLoadAsInts() throws IOException {
        byte[] h = ("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[2,2],\"data_offsets\":[0,4]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[4,6]},"
                + "\"s\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[6,8]}}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(new byte[] {1, 0, 1, 1, (byte) 200, 7, (byte) -3, 5});
        Path f = dir.resolve("bytes.safetensors");
        Files.write(f, b.array());
        var c = SafeTensors.load(f);
        assertArrayEquals(new int[] {1, 0, 1, 1}, c.intTensors().get("m").toArray());
        assertArrayEquals(new int[] {2, 2}, c.intTensors().get("m").shape());
        assertArrayEquals(new int[] {200, 7}, c.intTensors().get("u").toArray());
        assertArrayEquals(new int[] {-3, 5}, c.intTensors().get("s").toArray());
    }

    @Test
    void i64ValuesThatDoNotFitAnIntAreAnError() throws IOException {
        byte[] h = "{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putLong(1L << 40);
        Path f = dir.resolve("big.safetensors");
        Files.write(f, b.array());
        assertRejects(f, "'w'", "does not fit in an int");
    }
}
