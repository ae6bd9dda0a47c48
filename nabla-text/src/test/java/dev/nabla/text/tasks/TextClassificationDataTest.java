package dev.nabla.text.tasks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TextClassificationDataTest {
    @TempDir
    Path dir;

    private static final TextClassificationData DATA = new TextClassificationData(List.of("x.y", "z"),
            List.of(new LabeledText("First \"quoted\" text, with a \\ backslash.", 0, "m/x/y/A.java"),
                    new LabeledText("Ünïcode — text.", 1, "z/B.java")),
            List.of(new LabeledText("A validation text.", 1, "z/C.java")),
            List.of());

    @Test
    void tsvRoundTrip() throws IOException {
        Path f = dir.resolve("task.tsv");
        DATA.save(f);
        assertEquals(DATA, TextClassificationData.load(f));
        List<String> lines = Files.readAllLines(f);
        assertEquals(TextClassificationData.HEADER, lines.get(0));
        assertEquals("validation\t1\tz\tz/C.java\tA validation text.", lines.get(3));
        assertArrayEquals(new int[] {1, 1}, DATA.classSizes(DATA.train()));
        assertTrue(DATA.sizeTable().contains("total"));
    }

    @Test
    void badFilesAreRefusedWithTheLine() throws IOException {
        Path f = dir.resolve("bad.tsv");
        Files.writeString(f, TextClassificationData.HEADER + "\ntrain\t0\ta\tF.java\tone\ntrain\t0\tb\tG.java\ttwo\n");
        IOException e = assertThrows(IOException.class, () -> TextClassificationData.load(f));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(f, TextClassificationData.HEADER + "\ntrain\t1\tb\tG.java\ttwo\n");
        assertTrue(assertThrows(IOException.class, () -> TextClassificationData.load(f)).getMessage().contains("label 0"));
        Files.writeString(f, "text\tlabel\n");
        assertTrue(assertThrows(IOException.class, () -> TextClassificationData.load(f)).getMessage().contains("header"));
    }

    @Test
    void examplesAreOneLineAndLabelsInRange() {
        assertThrows(IllegalArgumentException.class, () -> new LabeledText("a\tb", 0, "F.java"));
        assertThrows(IllegalArgumentException.class, () -> new LabeledText("a\nb", 0, "F.java"));
        assertThrows(IllegalArgumentException.class, () -> new TextClassificationData(List.of("a"),
                List.of(new LabeledText("t", 1, "F.java")), List.of(), List.of()));
    }
}
