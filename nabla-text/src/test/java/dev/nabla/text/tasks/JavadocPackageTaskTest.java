package dev.nabla.text.tasks;

import dev.nabla.text.tasks.JavadocPackageTask.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class JavadocPackageTaskTest {
    @TempDir
    Path dir;

    private static final List<Group> GROUPS = List.of(
            new Group("util", List.of("java.util")),
            new Group("concurrent", List.of("java.util.concurrent.*")));

    /** 120 files in each of java.util, java.util.concurrent(.atomic) and java.io (no group), each with two sentences of its own. */
    private static Map<String, String> sources() {
        Map<String, String> files = new TreeMap<>();
        String[] dirs = {"java.base/java/util/", "java.base/java/util/concurrent/", "java.base/java/util/concurrent/atomic/", "java.base/java/io/"};
        for (int d = 0; d < dirs.length; d++)
            for (int i = 0; i < (d == 1 || d == 2 ? 60 : 120); i++)
                files.put(dirs[d] + "C" + i + ".java", "/**\n * Class " + i + " of folder " + d + " does useful things here. It has"
                        + " a {@code code} second sentence, e.g. number " + i + " of " + d + ".\n * @param x the x\n */\nclass C" + i + " {\n"
                        + (d != 0 ? "  /** Shared by every concurrent file: returns the hash code of this object. */ int hashCode() { return 0; }\n" : "")
                        + (d == 0 ? "  /** A sentence both groups have in some file here. */ void f() {}\n" : "")
                        + (d == 2 && i == 0 ? "  /** A sentence both groups have in some file here. */ void g() {}\n" : "")
                        + "}\n");
        return files;
    }

    private static TextClassificationData build(Map<String, String> files, int maxPerClass) throws IOException {
        return JavadocPackageTask.build(files.keySet(), files::get, GROUPS, 6, maxPerClass);
    }

    @Test
    void labelsSentencesByPackageGroup() throws IOException {
        TextClassificationData data = build(sources(), 0);
        assertEquals(List.of("util", "concurrent"), data.labels());
        List<LabeledText> all = new ArrayList<>(data.train());
        all.addAll(data.validation());
        all.addAll(data.test());
        // per file two sentences of its own; the concurrent files' shared sentence once (its first file); the one in both groups never
        assertEquals(2 * 240 + 1, all.size());
        for (LabeledText t : all) {
            int expected = t.file().startsWith("java.base/java/util/concurrent/") ? 1 : 0;
            assertEquals(expected, t.label(), t.toString());
            assertFalse(t.file().contains("/io/"), t.toString());
            assertFalse(t.text().contains("both groups"), t.toString());
        }
        assertTrue(all.stream().anyMatch(t -> t.text().equals("Class 7 of folder 2 does useful things here.")));
        assertTrue(all.stream().anyMatch(t -> t.text().equals("It has a second sentence, e.g. number 7 of 2.")));
        assertEquals(1, all.stream().filter(t -> t.text().startsWith("Shared by every concurrent file")).count());
        assertTrue(all.stream().noneMatch(t -> t.text().equals("the x")), "under 6 words");
    }

    @Test
    void filesNeverStraddleSplitsAndTextsAreUnique() throws IOException {
        TextClassificationData data = build(sources(), 0);
        Map<String, String> splitOfFile = new HashMap<>();
        Map<String, String> splitOfText = new HashMap<>();
        for (String split : List.of("train", "validation", "test")) {
            assertFalse(data.split(split).isEmpty(), split);
            for (LabeledText t : data.split(split)) {
                String before = splitOfFile.put(t.file(), split);
                assertTrue(before == null || before.equals(split), t.file() + " in " + before + " and " + split);
                assertNull(splitOfText.put(t.text(), split), "duplicate " + t.text());
            }
        }
        assertTrue(data.train().size() > data.validation().size() + data.test().size());
    }

    @Test
    void deterministicWhateverTheFileOrderAndSourceKind() throws IOException {
        Map<String, String> files = sources();
        TextClassificationData a = build(files, 0);
        List<String> reversed = new ArrayList<>(files.keySet()).reversed();
        assertEquals(a, JavadocPackageTask.build(reversed, files::get, GROUPS, 6, 0));
        Path zip = dir.resolve("src.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : reversed) {
                out.putNextEntry(new ZipEntry(name));
                out.write(files.get(name).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(a, JavadocPackageTask.build(zip, GROUPS, 6, 0));
        Path tree = dir.resolve("src");
        for (var e : files.entrySet()) {
            Path f = tree.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        assertEquals(a, JavadocPackageTask.build(tree, GROUPS, 6, 0));
    }

    @Test
    void capKeepsAtMostThatManyPerClass() throws IOException {
        TextClassificationData data = build(sources(), 100);
        int[] sizes = new int[2];
        for (String s : List.of("train", "validation", "test"))
            for (LabeledText t : data.split(s)) sizes[t.label()]++;
        assertArrayEquals(new int[] {100, 100}, sizes);
        assertEquals(data, build(sources(), 100));
    }

    @Test
    void packagesWithAndWithoutModuleFolder() {
        assertEquals("java.util.concurrent", JavadocPackageTask.packageOf("java.base/java/util/concurrent/Future.java"));
        assertEquals("java.util", JavadocPackageTask.packageOf("java/util/List.java"));
        assertEquals("", JavadocPackageTask.packageOf("Foo.java"));
        assertEquals(1, JavadocPackageTask.groupOf("java.util.concurrent.atomic", GROUPS));
        assertEquals(-1, JavadocPackageTask.groupOf("java.util.function", GROUPS));
    }

    @Test
    void sentenceSplitting() {
        List<String> out = new ArrayList<>();
        JavadocPackageTask.sentences("Returns the value, i.e. The one. Compare with a. B or cc. Then 3 items! Why? Done", out::add);
        assertEquals(List.of("Returns the value, i.e. The one.", "Compare with a. B or cc.", "Then 3 items!", "Why?", "Done"), out);
    }

    @Test
    void missingSourceIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> JavadocPackageTask.build(dir.resolve("nope.zip")));
        assertTrue(e.getMessage().contains("nope.zip"), e.getMessage());
        e = assertThrows(IOException.class, () -> JavadocPackageTask.build(dir, GROUPS, 6, 0));
        assertTrue(e.getMessage().contains("no Javadoc sentences"), e.getMessage());
    }
}
