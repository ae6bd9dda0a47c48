package dev.nabla.text;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorFilesTest {
    @TempDir Path dir;

    /** Random words (some non-ASCII) with vectors of every kind of float: tiny, huge, negative zero, subnormal. */
    private static KeyedVectors random(int n, int dim, long seed) {
        var rnd = new SplittableRandom(seed);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) words.add((i % 3 == 0 ? "wörd" : i % 3 == 1 ? "词" : "w") + i);
        float[] m = new float[n * dim];
        for (int i = 0; i < m.length; i++) {
            m[i] = switch (i % 5) {
                case 0 -> Float.intBitsToFloat(rnd.nextInt() & 0x7f7fffff | (rnd.nextBoolean() ? 0x80000000 : 0)); // any finite
                case 1 -> -0f;
                case 2 -> Float.MIN_VALUE * rnd.nextInt(1, 100);
                default -> (float) rnd.nextGaussian();
            };
        }
        return new KeyedVectors(words, dim, m);
    }

    private static void assertSame(KeyedVectors want, KeyedVectors got) {
        assertEquals(want.words(), got.words());
        assertEquals(want.dim(), got.dim());
        for (int i = 0; i < want.matrix().length; i++)
            assertEquals(Float.floatToRawIntBits(want.matrix()[i]), Float.floatToRawIntBits(got.matrix()[i]), "float " + i);
    }

    @Test
    void everyFormatRoundTripsBitForBit() throws IOException {
        KeyedVectors kv = random(50, 7, 1);
        for (VectorFormat f : VectorFormat.values()) {
            Path p = dir.resolve("v." + f);
            VectorFiles.write(kv, p, f);
            assertEquals(f, VectorFiles.detect(p));
            KeyedVectors back = VectorFiles.read(p);
            assertSame(kv, back);
            Path again = dir.resolve("again." + f);
            VectorFiles.write(back, again, f);
            assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(again), f + ": written twice differently");
        }
    }

    @Test
    void readsABinaryFileLaidOutAsTheCToolWritesIt() throws IOException {
        // word2vec.c: fprintf("%lld %lld\n"), then per word fprintf("%s ", word), fwrite of each float, fprintf("\n")
        float[][] v = {{0.5f, -1.25f, 3e-8f}, {Float.MAX_VALUE, -0f, 1f / 3}};
        String[] w = {"</s>", "naïve"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("2 3\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 2; i++) {
            out.writeBytes((w[i] + " ").getBytes(StandardCharsets.UTF_8));
            for (float f : v[i]) {
                int bits = Float.floatToRawIntBits(f);
                for (int k = 0; k < 4; k++) out.write(bits >>> (8 * k)); // little-endian, as x86's fwrite
            }
            out.write('\n');
        }
        Path p = dir.resolve("c.bin");
        Files.write(p, out.toByteArray());
        assertEquals(VectorFormat.WORD2VEC_BINARY, VectorFiles.detect(p));
        KeyedVectors kv = VectorFiles.read(p);
        assertEquals(List.of(w), kv.words());
        assertArrayEquals(v[0], kv.vector("</s>"));
        assertArrayEquals(v[1], kv.vector("naïve"));
        // and nabla writes exactly those bytes
        Path mine = dir.resolve("mine.bin");
        VectorFiles.write(kv, mine, VectorFormat.WORD2VEC_BINARY);
        assertArrayEquals(out.toByteArray(), Files.readAllBytes(mine));
        // gensim 4 writes no newline after each vector
        byte[] b = out.toByteArray();
        byte[] noNewlines = new byte[b.length - 2];
        int at = "2 3\n</s> ".getBytes(StandardCharsets.UTF_8).length + 12;
        System.arraycopy(b, 0, noNewlines, 0, at);
        System.arraycopy(b, at + 1, noNewlines, at, b.length - at - 2);
        Path gensim = dir.resolve("gensim.bin");
        Files.write(gensim, noNewlines);
        assertSame(kv, VectorFiles.read(gensim));
    }

    @Test
    void readsTheTextVariantsOtherToolsWrite() throws IOException {
        // word2vec C ("%lf " with a trailing space), CRLF line ends, no final newline, fastText .vec, GloVe
        Path c = write("c.txt", "2 3\r\n</s> 0.001000 -0.002000 0.003000 \r\nthe 1.000000 2.000000 3.000000 ");
        KeyedVectors kv = VectorFiles.read(c);
        assertEquals(List.of("</s>", "the"), kv.words());
        assertArrayEquals(new float[] {0.001f, -0.002f, 0.003f}, kv.vector("</s>"));
        Path glove = write("g.txt", "the 0.418 0.24968 -0.41242\n, 0.013441 0.23682 -0.16899\n");
        assertEquals(VectorFormat.GLOVE, VectorFiles.detect(glove));
        kv = VectorFiles.read(glove);
        assertEquals(3, kv.dim());
        assertArrayEquals(new float[] {0.013441f, 0.23682f, -0.16899f}, kv.vector(","));
        assertEquals(1, VectorFiles.read(glove, VectorFormat.GLOVE, 1).size());
        assertEquals(List.of("</s>"), VectorFiles.read(c, VectorFormat.WORD2VEC_TEXT, 1).words());
    }

    @Test
    void readsGzip() throws IOException {
        KeyedVectors kv = random(20, 4, 2);
        Path plain = dir.resolve("v.bin");
        VectorFiles.write(kv, plain, VectorFormat.WORD2VEC_BINARY);
        Path gz = dir.resolve("v.bin.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(plain));
        }
        assertSame(kv, VectorFiles.read(gz));
    }

    @Test
    void aLargeFileStreamsThroughTheBufferIntact() throws IOException {
        KeyedVectors kv = random(3000, 100, 3); // about 4 MB of text: several buffer refills, lines across them
        for (VectorFormat f : VectorFormat.values()) {
            Path p = dir.resolve("big." + f);
            VectorFiles.write(kv, p, f);
            assertSame(kv, VectorFiles.read(p, f));
        }
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private void fails(Path p, VectorFormat f, String... parts) {
        var e = assertThrows(IOException.class, () -> VectorFiles.read(p, f));
        for (String part : parts) assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void malformedTextNamesTheFileAndLine() throws IOException {
        fails(write("few.txt", "2 3\na 1 2 3\nb 1 2\n"), VectorFormat.WORD2VEC_TEXT, "few.txt:3:", "expected 3 numbers after 'b', found 2");
        fails(write("many.txt", "2 3\na 1 2 3 4\nb 1 2 3\n"), VectorFormat.WORD2VEC_TEXT, "many.txt:2:", "found 4");
        fails(write("bad.txt", "2 3\na 1 2 3\nb 1 x2 3\n"), VectorFormat.WORD2VEC_TEXT, "bad.txt:3:", "bad number 'x2' (number 2 of 3 after 'b')");
        fails(write("short.txt", "3 3\na 1 2 3\nb 1 2 3\n"), VectorFormat.WORD2VEC_TEXT, "short.txt:3:", "promises 3 vectors, the file ends after 2");
        fails(write("long.txt", "1 3\na 1 2 3\nb 1 2 3\n"), VectorFormat.WORD2VEC_TEXT, "long.txt:3:", "more vectors than the 1");
        fails(write("head.txt", "the 1 2 3\n"), VectorFormat.WORD2VEC_TEXT, "head.txt:1:", "'count dim' header", "GloVe");
        fails(write("dup.txt", "2 1\na 1\na 2\n"), VectorFormat.WORD2VEC_TEXT, "dup.txt:3:", "'a' appears twice (first on line 2)");
        fails(write("blank.txt", "2 1\na 1\n\nb 2\n"), VectorFormat.WORD2VEC_TEXT, "blank.txt:3:", "empty line");
        fails(write("g.txt", "a 1 2\nb 1 2\nc 1\n"), VectorFormat.GLOVE, "g.txt:3:", "expected 2 numbers after 'c', found 1");
    }

    @Test
    void malformedBinaryNamesTheFileAndVector() throws IOException {
        KeyedVectors kv = random(3, 4, 4);
        Path p = dir.resolve("ok.bin");
        VectorFiles.write(kv, p, VectorFormat.WORD2VEC_BINARY);
        byte[] b = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 6)); // the last vector loses 5 of its 16 bytes
        fails(cut, VectorFormat.WORD2VEC_BINARY, "cut.bin", "vector 3 of 3 ('wörd0'".replace("wörd0", kv.word(2)), "truncated", "needs 16 bytes", "ends after 11");
        Path more = dir.resolve("more.bin");
        byte[] m = b.clone();
        m[0] = '4';
        Files.write(more, m);
        fails(more, VectorFormat.WORD2VEC_BINARY, "more.bin", "promises 4 vectors, the file ends after 3");
        m[0] = '2';
        Files.write(more, m);
        fails(more, VectorFormat.WORD2VEC_BINARY, "more.bin", "data after the 2 vectors the header promises");
    }

    @Test
    void refusesWordsTheFormatsCannotHold() {
        var kv = new KeyedVectors(List.of("new york"), 1, new float[] {1});
        var e = assertThrows(IllegalArgumentException.class, () -> VectorFiles.write(kv, dir.resolve("x.txt"), VectorFormat.WORD2VEC_TEXT));
        assertTrue(e.getMessage().contains("'new york'"), e.getMessage());
    }
}
