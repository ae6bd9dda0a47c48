package dev.nabla.io;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face): 8-byte little-endian header length, a JSON header mapping each name to
 * dtype, shape and data_offsets (plus an optional "__metadata__" map of strings), then the raw little-endian data,
 * which the offsets must cover without holes or overlaps. Writes F32 (and I32 for int tensors) atomically; reads
 * F32, F16, BF16 (as float) and I32, I64 (as int, range checked), with one copy from the mapped file.
 */
public final class SafeTensors {
    /** Headers larger than this are refused, as the reference implementation does. */
    public static final long MAX_HEADER = 100L << 20;
    public static final String METADATA = "__metadata__";

    private SafeTensors() {}

    /** What a file holds: float tensors, int tensors and the metadata strings, each in file order. */
    public record Contents(Map<String, Tensor> tensors, Map<String, IntTensor> intTensors, Map<String, String> metadata) {}

    // ---------------------------------------------------------------- writing

    public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
        save(file, tensors, Map.of(), Map.of());
    }

    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        save(file, tensors, Map.of(), metadata);
    }

    /**
     * Writes float tensors as F32 and int tensors as I32, in the maps' order, with metadata strings. Atomic: the
     * data goes to a temporary file in the same directory, is flushed to disk, then renamed over {@code file}.
     */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, IntTensor> ints, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            Map<String, Object> m = new LinkedHashMap<>();
            metadata.forEach((k, v) -> {
                if (k == null || v == null) throw new IllegalArgumentException("SafeTensors.save: null metadata key or value for " + file);
                m.put(k, v);
            });
            header.put(METADATA, m);
        }
        long at = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) at = entry(file, header, e.getKey(), "F32", e.getValue().shape(), at, 4);
        for (Map.Entry<String, IntTensor> e : ints.entrySet()) at = entry(file, header, e.getKey(), "I32", e.getValue().shape(), at, 4);
        byte[] json = Json.write(header, 0).getBytes(StandardCharsets.UTF_8);
        // pad with spaces so the data starts 8-byte aligned, as the reference writer does
        int padded = (json.length + 7) & ~7;
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        boolean ok = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).flip();
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(head));
                ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    Tensor c = t.isContiguous() ? t : t.contiguousCopy();
                    float[] d = c.storage();
                    int off = c.storageOffset(), n = c.numel();
                    for (int i = 0; i < n; ) {
                        int k = Math.min(n - i, buf.capacity() / 4);
                        buf.clear();
                        buf.asFloatBuffer().put(d, off + i, k);
                        buf.limit(k * 4);
                        writeFully(ch, buf);
                        i += k;
                    }
                }
                for (IntTensor t : ints.values()) {
                    int[] d = t.storage();
                    for (int i = 0; i < d.length; ) {
                        int k = Math.min(d.length - i, buf.capacity() / 4);
                        buf.clear();
                        buf.asIntBuffer().put(d, i, k);
                        buf.limit(k * 4);
                        writeFully(ch, buf);
                        i += k;
                    }
                }
                ch.force(true);
            }
            moveAtomically(tmp, file);
            ok = true;
        } finally {
            if (!ok) Files.deleteIfExists(tmp);
        }
    }

    private static long entry(Path file, Map<String, Object> header, String name, String dtype, int[] shape, long at, int bytes) {
        if (name == null || name.equals(METADATA))
            throw new IllegalArgumentException("SafeTensors.save: invalid tensor name '" + name + "' for " + file);
        if (header.containsKey(name)) throw new IllegalArgumentException("SafeTensors.save: tensor name '" + name + "' used twice for " + file);
        List<Object> s = new ArrayList<>();
        for (int d : shape) s.add((long) d);
        long end = at + (long) Shape.numel(shape) * bytes;
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("dtype", dtype);
        info.put("shape", s);
        info.put("data_offsets", List.of(at, end));
        header.put(name, info);
        return end;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /** Renames tmp over target in one step, then flushes the directory entry (where the OS allows it). */
    static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot write " + target + " atomically: the file system does not support atomic renames", e);
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can open or sync a directory; the rename itself is still atomic
        }
    }

    // ---------------------------------------------------------------- reading

    private record Entry(String name, String dtype, int[] shape, long begin, long end) {}

    /** Reads every tensor and the metadata; errors name the file and the tensor. */
    public static Contents load(Path file) throws IOException {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size < 8) throw new IOException(name + ": not a safetensors file: " + size + " bytes, shorter than the 8-byte header length");
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long n = seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (n < 2 || n > MAX_HEADER)
                throw new IOException(name + ": not a safetensors file: header length " + Long.toUnsignedString(n) + " is outside [2, " + MAX_HEADER + "]");
            if (8 + n > size)
                throw new IOException(name + ": truncated: header length " + n + " but only " + (size - 8) + " bytes follow");
            byte[] hb = seg.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
            String text = new String(hb, StandardCharsets.UTF_8);
            if (!text.startsWith("{")) throw new IOException(name + ": not a safetensors file: the header does not start with '{'");
            Object parsed;
            try {
                parsed = Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IOException(name + ": corrupt header: " + e.getMessage(), e);
            }
            if (!(parsed instanceof Map<?, ?> header)) throw new IOException(name + ": corrupt header: not a JSON object");
            long dataStart = 8 + n, dataLen = size - dataStart;
            Map<String, String> meta = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : header.entrySet()) {
                String key = (String) e.getKey();
                if (key.equals(METADATA)) {
                    if (!(e.getValue() instanceof Map<?, ?> m)) throw new IOException(name + ": __metadata__ is not an object");
                    for (Map.Entry<?, ?> me : m.entrySet()) {
                        if (!(me.getValue() instanceof String v))
                            throw new IOException(name + ": __metadata__ value for '" + me.getKey() + "' is not a string");
                        meta.put((String) me.getKey(), v);
                    }
                } else entries.add(parseEntry(name, key, e.getValue()));
            }
            checkLayout(name, entries, dataLen);
            Map<String, Tensor> floats = new LinkedHashMap<>();
            Map<String, IntTensor> ints = new LinkedHashMap<>();
            for (Entry en : entries) {
                int count = Shape.numel(en.shape);
                long at = dataStart + en.begin;
                switch (en.dtype) {
                    case "F32" -> {
                        float[] d = new float[count];
                        MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, d, 0, count);
                        floats.put(en.name, Tensor.wrap(d, en.shape));
                    }
                    case "F16", "BF16" -> {
                        short[] h = new short[count];
                        MemorySegment.copy(seg, ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, h, 0, count);
                        float[] d = new float[count];
                        if (en.dtype.equals("F16")) for (int i = 0; i < count; i++) d[i] = Float.float16ToFloat(h[i]);
                        else for (int i = 0; i < count; i++) d[i] = Float.intBitsToFloat((h[i] & 0xffff) << 16);
                        floats.put(en.name, Tensor.wrap(d, en.shape));
                    }
                    case "I32" -> {
                        int[] d = new int[count];
                        MemorySegment.copy(seg, ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, d, 0, count);
                        ints.put(en.name, IntTensor.wrap(d, en.shape));
                    }
                    case "I64" -> {
                        int[] d = new int[count];
                        var layout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
                        for (int i = 0; i < count; i++) {
                            long v = seg.get(layout, at + 8L * i);
                            if (v != (int) v) throw new IOException(name + ": tensor '" + en.name + "': I64 value " + v + " at element " + i + " does not fit in an int");
                            d[i] = (int) v;
                        }
                        ints.put(en.name, IntTensor.wrap(d, en.shape));
                    }
                    case "BOOL", "U8", "I8" -> {
                        // Hugging Face checkpoints keep masks (GPT-2's attn.bias) as bytes; they load as ints.
                        int[] d = new int[count];
                        for (int i = 0; i < count; i++) {
                            byte v = seg.get(ValueLayout.JAVA_BYTE, at + i);
                            d[i] = en.dtype.equals("I8") ? v : v & 0xff;
                        }
                        ints.put(en.name, IntTensor.wrap(d, en.shape));
                    }
                    default -> throw new IllegalStateException(en.dtype);
                }
            }
            return new Contents(floats, ints, meta);
        }
    }

    private static int bytesOf(String dtype) {
        return switch (dtype) {
            case "F32", "I32" -> 4;
            case "F16", "BF16" -> 2;
            case "I64" -> 8;
            case "BOOL", "U8", "I8" -> 1;
            default -> -1;
        };
    }

    private static Entry parseEntry(String file, String key, Object v) throws IOException {
        String where = file + ": tensor '" + key + "'";
        if (!(v instanceof Map<?, ?> m)) throw new IOException(where + ": header entry is not an object");
        if (!(m.get("dtype") instanceof String dtype)) throw new IOException(where + ": missing dtype");
        if (bytesOf(dtype) < 0) throw new IOException(where + ": unsupported dtype " + dtype + " (supported: F32, F16, BF16, I32, I64, BOOL, U8, I8)");
        if (!(m.get("shape") instanceof List<?> sl)) throw new IOException(where + ": missing shape");
        int[] shape = new int[sl.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(sl.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) throw new IOException(where + ": bad shape " + sl);
            shape[i] = (int) (long) d;
            numel *= d;
            if (numel > Integer.MAX_VALUE - 8) throw new IOException(where + ": shape " + sl + " has more elements than one tensor can hold");
        }
        if (!(m.get("data_offsets") instanceof List<?> ol) || ol.size() != 2 || !(ol.get(0) instanceof Long b) || !(ol.get(1) instanceof Long e))
            throw new IOException(where + ": data_offsets must be two integers, got " + m.get("data_offsets"));
        if (b < 0 || e < b) throw new IOException(where + ": bad data_offsets [" + b + ", " + e + "]");
        long want = numel * bytesOf(dtype);
        if (e - b != want)
            throw new IOException(where + ": data_offsets [" + b + ", " + e + "] hold " + (e - b) + " bytes, but " + dtype + " of shape "
                    + sl + " needs " + want);
        return new Entry(key, dtype, shape, b, e);
    }

    // the offsets must tile [0, dataLen) exactly
    private static void checkLayout(String file, List<Entry> entries, long dataLen) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry en : sorted) {
            if (en.begin != at) {
                if (en.end > dataLen)
                    throw new IOException(file + ": truncated: tensor '" + en.name + "' ends at byte " + en.end + " of the data, but the file holds " + dataLen + " data bytes");
                throw new IOException(file + ": tensor '" + en.name + "' starts at byte " + en.begin + ", expected " + at
                        + (en.begin < at ? " (it overlaps the previous tensor)" : " (a hole in the data)"));
            }
            at = en.end;
        }
        if (at > dataLen) {
            Entry last = sorted.get(sorted.size() - 1);
            throw new IOException(file + ": truncated: tensor '" + last.name + "' ends at byte " + at + " of the data, but the file holds " + dataLen + " data bytes");
        }
        if (at < dataLen) throw new IOException(file + ": " + (dataLen - at) + " bytes of data after the last tensor (the header covers " + at + " of " + dataLen + ")");
    }
}
