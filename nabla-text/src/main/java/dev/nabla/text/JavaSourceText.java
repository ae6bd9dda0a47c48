package dev.nabla.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Java source code as one training text for a character- or BPE-level language model: the {@code .java} files of a
 * zip (such as the JDK's src.zip) or below a directory, in path order, whose paths start with a prefix, each without
 * its leading licence comment (the same thirty lines in every JDK file would teach a model nothing but the licence),
 * concatenated up to a number of characters.
 */
public final class JavaSourceText {
    private JavaSourceText() {}

    /** The JDK's java.util package: about 9.6 MB of varied, well-written code. */
    public static final String DEFAULT_PREFIX = "java.base/java/util/";

    /**
     * The text of the .java files of {@code zipOrDir} whose path (relative, with '/') starts with {@code prefix},
     * stopping before the file that would take it past {@code maxChars} (at least one file is read).
     */
    public static String read(Path zipOrDir, String prefix, long maxChars) throws IOException {
        StringBuilder out = new StringBuilder();
        if (Files.isDirectory(zipOrDir)) {
            for (Path f : Corpus.filesBelow(zipOrDir, ".java")) {
                String rel = zipOrDir.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith(prefix) && !append(out, Files.readString(f, StandardCharsets.UTF_8), maxChars)) break;
            }
        } else {
            try (ZipFile zip = new ZipFile(zipOrDir.toFile())) {
                List<? extends ZipEntry> entries = zip.stream()
                        .filter(e -> !e.isDirectory() && e.getName().startsWith(prefix) && e.getName().endsWith(".java"))
                        .sorted(Comparator.comparing(ZipEntry::getName)).toList();
                for (ZipEntry e : entries) {
                    try (InputStream in = zip.getInputStream(e)) {
                        if (!append(out, new String(in.readAllBytes(), StandardCharsets.UTF_8), maxChars)) break;
                    }
                }
            }
        }
        if (out.isEmpty()) throw new IOException(zipOrDir + ": no .java files" + (prefix.isEmpty() ? "" : " under " + prefix));
        return out.toString();
    }

    /** Appends the source without its licence; false (nothing appended) when it would pass maxChars after the first file. */
    private static boolean append(StringBuilder out, String source, long maxChars) {
        String code = withoutLicence(source);
        if (!out.isEmpty() && out.length() + code.length() > maxChars) return false;
        out.append(code);
        if (!code.endsWith("\n")) out.append('\n');
        return true;
    }

    /** The source without a leading block comment that mentions a copyright or licence. */
    static String withoutLicence(String source) {
        String s = source.stripLeading();
        if (!s.startsWith("/*")) return source;
        int end = s.indexOf("*/");
        if (end < 0) return source;
        String comment = s.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        if (!comment.contains("copyright") && !comment.contains("license")) return source;
        return s.substring(end + 2).stripLeading();
    }
}
