package dev.nabla.text.tasks;

import dev.nabla.text.JavadocText;
import dev.nabla.text.Tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A text classification task built from the JDK's source code without hand labelling: which group of packages
 * ({@code java.util}, {@code java.util.concurrent}, {@code java.net}, {@code java.time} ...) a Javadoc sentence comes
 * from.
 * <p>
 * Each example is one sentence of the prose {@link JavadocText} finds, with at least {@code minWords} words. A text
 * that occurs more than once keeps only its first occurrence (files in name order), and is dropped altogether when it
 * occurs in two groups, so that no text is in two splits or has two labels. Every file goes whole to train, validation
 * or test by a hash of its name (80/10/10 of the files), so the sentences of one class never straddle splits. With
 * {@code maxPerClass > 0}, a larger class keeps that many sentences, those of the smallest text hash (before the split,
 * so that each split keeps its share). Everything is deterministic: the same sources give the same task.
 */
public final class JavadocPackageTask {
    private JavadocPackageTask() {}

    /**
     * A class of the task: a name and the packages it holds; a package pattern ending in {@code .*} takes that
     * package and all below it, any other only that package.
     */
    public record Group(String name, List<String> packages) {
        public Group {
            packages = List.copyOf(packages);
        }

        boolean holds(String pkg) {
            for (String p : packages) {
                if (p.endsWith(".*")) {
                    String root = p.substring(0, p.length() - 2);
                    if (pkg.equals(root) || pkg.startsWith(root + ".")) return true;
                } else if (pkg.equals(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Nine well-populated groups; neighbours (AWT and Swing, java.util and its concurrency, I/O and networking) keep it from being easy. */
    public static final List<Group> DEFAULT_GROUPS = List.of(
            new Group("java.lang", List.of("java.lang", "java.lang.reflect", "java.lang.ref", "java.lang.annotation")),
            new Group("java.util", List.of("java.util", "java.util.function", "java.util.stream", "java.util.regex")),
            new Group("java.util.concurrent", List.of("java.util.concurrent.*")),
            new Group("java.io+java.nio", List.of("java.io", "java.nio.*")),
            new Group("java.net", List.of("java.net.*", "javax.net.*")),
            new Group("java.time", List.of("java.time.*")),
            new Group("java.security", List.of("java.security.*", "javax.crypto.*")),
            new Group("java.awt", List.of("java.awt.*")),
            new Group("javax.swing", List.of("javax.swing.*")));

    public static final int DEFAULT_MIN_WORDS = 6;
    /** Balanced classes, small enough for fine-tuning on a CPU in minutes (the JDK 25 src.zip has 4,000 to 21,000 per group). */
    public static final int DEFAULT_MAX_PER_CLASS = 2000;

    /** Per mille of the files in validation and in test; the rest are train. */
    static final int VALIDATION_PER_MILLE = 100, TEST_PER_MILLE = 100;

    private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "etc", "vs", "cf", "approx", "a.k.a", "mr", "dr", "no");

    /** The task of the default groups, sizes and lengths from a zip (the JDK's src.zip) or a directory of {@code .java} files. */
    public static TextClassificationData build(Path zipOrDir) throws IOException {
        return build(zipOrDir, DEFAULT_GROUPS, DEFAULT_MIN_WORDS, DEFAULT_MAX_PER_CLASS);
    }

    public static TextClassificationData build(Path zipOrDir, List<Group> groups, int minWords, int maxPerClass) throws IOException {
        TextClassificationData data = read(zipOrDir, groups, minWords, maxPerClass);
        if (data.train().isEmpty() && data.validation().isEmpty() && data.test().isEmpty())
            throw new IOException(zipOrDir + ": no Javadoc sentences of at least " + minWords + " words in the packages of " + groups);
        return data;
    }

    private static TextClassificationData read(Path zipOrDir, List<Group> groups, int minWords, int maxPerClass) throws IOException {
        if (Files.isDirectory(zipOrDir)) {
            Map<String, Path> files = new HashMap<>();
            try (Stream<Path> s = Files.walk(zipOrDir)) {
                s.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                        .forEach(p -> files.put(zipOrDir.relativize(p).toString().replace('\\', '/'), p));
            }
            return build(files.keySet(), name -> Files.readString(files.get(name), StandardCharsets.UTF_8), groups, minWords, maxPerClass);
        }
        if (!Files.isRegularFile(zipOrDir)) throw new NoSuchFileException(zipOrDir.toString(), null, "neither a source zip nor a directory");
        try (ZipFile zip = new ZipFile(zipOrDir.toFile())) {
            List<String> names = zip.stream().filter(e -> !e.isDirectory() && e.getName().endsWith(".java")).map(ZipEntry::getName).toList();
            return build(names, name -> {
                try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }, groups, minWords, maxPerClass);
        }
    }

    /** Reads the source of one file by its name. */
    @FunctionalInterface
    public interface Sources {
        String read(String name) throws IOException;
    }

    /** The task from the named {@code .java} files (paths such as {@code java.base/java/util/List.java}), read by {@code sources}. */
    public static TextClassificationData build(Iterable<String> fileNames, Sources sources, List<Group> groups, int minWords,
                                               int maxPerClass) throws IOException {
        if (groups.isEmpty()) throw new IllegalArgumentException("JavadocPackageTask: no groups");
        List<String> names = new ArrayList<>();
        fileNames.forEach(names::add);
        names.sort(Comparator.naturalOrder());
        Map<String, LabeledText> first = new HashMap<>();
        Set<String> conflicting = new HashSet<>();
        List<LabeledText> all = new ArrayList<>();
        for (String name : names) {
            int label = groupOf(packageOf(name), groups);
            if (label < 0) continue;
            String source = sources.read(name);
            JavadocText.paragraphs(source, p -> sentences(p, s -> {
                if (words(s) < minWords) return;
                LabeledText t = new LabeledText(s, label, name);
                LabeledText seen = first.putIfAbsent(s, t);
                if (seen == null) all.add(t);
                else if (seen.label() != label) conflicting.add(s);
            }));
        }
        all.removeIf(t -> conflicting.contains(t.text()));
        List<LabeledText> kept = maxPerClass > 0 ? capPerClass(all, groups.size(), maxPerClass) : all;
        List<List<LabeledText>> splits = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (LabeledText t : kept) splits.get(splitOf(t.file())).add(t);
        List<String> labels = groups.stream().map(Group::name).toList();
        return new TextClassificationData(labels, splits.get(0), splits.get(1), splits.get(2));
    }

    private static List<LabeledText> capPerClass(List<LabeledText> all, int classes, int max) {
        List<List<LabeledText>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (LabeledText t : all) byClass.get(t.label()).add(t);
        Set<LabeledText> keep = new HashSet<>();
        for (List<LabeledText> c : byClass) {
            c.sort(Comparator.comparingLong((LabeledText t) -> hash(t.text())).thenComparing(LabeledText::text));
            keep.addAll(c.subList(0, Math.min(max, c.size())));
        }
        return all.stream().filter(keep::contains).toList();
    }

    /** The package of a source file name, without the module folder of a modular src.zip: {@code java.base/java/util/List.java} gives {@code java.util}. */
    static String packageOf(String fileName) {
        int slash = fileName.lastIndexOf('/');
        if (slash < 0) return "";
        String dir = fileName.substring(0, slash);
        int first = dir.indexOf('/');
        String head = first < 0 ? dir : dir.substring(0, first);
        if (head.contains(".")) dir = first < 0 ? "" : dir.substring(first + 1); // a module name such as java.base
        return dir.replace('/', '.');
    }

    static int groupOf(String pkg, List<Group> groups) {
        for (int g = 0; g < groups.size(); g++) if (groups.get(g).holds(pkg)) return g;
        return -1;
    }

    /** Whether the file's sentences are in validation or test: what pretraining must not learn from either. */
    public static boolean heldOut(String fileName) {
        return splitOf(fileName) != 0;
    }

    /** 0 (train), 1 (validation) or 2 (test), by a hash of the file name. */
    static int splitOf(String fileName) {
        long bucket = Long.remainderUnsigned(hash(fileName), 1000);
        if (bucket < VALIDATION_PER_MILLE) return 1;
        if (bucket < VALIDATION_PER_MILLE + TEST_PER_MILLE) return 2;
        return 0;
    }

    /** 64-bit FNV-1a of the UTF-8 bytes, then a final mix: stable across JVMs, unlike String.hashCode's spread. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    /** Splits a paragraph into sentences: after . ! or ? followed by a space and a capital or digit, unless the word is an abbreviation. */
    public static void sentences(String paragraph, Consumer<String> out) {
        int start = 0, n = paragraph.length();
        for (int i = 0; i + 2 < n; i++) {
            char c = paragraph.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && paragraph.charAt(i + 1) == ' ') {
                char next = paragraph.charAt(i + 2);
                if ((Character.isUpperCase(next) || Character.isDigit(next)) && !(c == '.' && abbreviation(paragraph, start, i))) {
                    emit(paragraph.substring(start, i + 1), out);
                    start = i + 2;
                }
            }
        }
        emit(paragraph.substring(start), out);
    }

    private static boolean abbreviation(String p, int start, int dot) {
        int w = dot;
        while (w > start && p.charAt(w - 1) != ' ') w--;
        String word = p.substring(w, dot).toLowerCase(Locale.ROOT);
        return ABBREVIATIONS.contains(word) || word.length() == 1 && Character.isLetter(word.charAt(0));
    }

    private static void emit(String s, Consumer<String> out) {
        s = s.strip();
        if (!s.isEmpty()) out.accept(s);
    }

    /** Tokens with a letter or digit: punctuation is not a word. */
    public static int words(String s) {
        int n = 0;
        for (String t : Tokenizer.english().tokenize(s))
            if (t.codePoints().anyMatch(Character::isLetterOrDigit)) n++;
        return n;
    }
}
