package dev.nabla.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A streamed corpus: a source of text units (a line of a text file, a paragraph of Javadoc) and the {@link Tokenizer}
 * that turns each into a sentence of tokens, or ({@link #tokenized}) sentences another tokenizer already made. Reading
 * it again reads the source again: nothing is held in memory beyond one line (one source file for Javadoc), so a
 * corpus may be far larger than the heap.
 * <p>
 * Sources: {@link #file} (one sentence per line, as word2vec reads its training file), {@link #directory} (every
 * regular, non-hidden file below it, in path order), {@link #javadoc} (the Javadoc prose of the {@code .java} files
 * in a zip such as the JDK's {@code lib/src.zip}, or below a directory) and {@link #builtIn}, the default corpus: the
 * running JDK's own src.zip. Text is read as UTF-8; malformed bytes become U+FFFD rather than failing.
 */
public final class Corpus {
    /** Produces the text units of a corpus, in order. */
    @FunctionalInterface
    private interface Source {
        void forEach(Consumer<String> text) throws IOException;
    }

    /** Produces the sentences of a corpus as tokens, in order, afresh on every call; a list may be reused between calls of action. */
    @FunctionalInterface
    public interface Sentences {
        void forEach(Consumer<List<String>> action) throws IOException;
    }

    private final String description;
    private final Sentences sentences;

    private Corpus(String description, Source source, Tokenizer tokenizer) {
        this(description, action -> {
            List<String> tokens = new ArrayList<>();
            source.forEach(text -> {
                tokens.clear();
                tokenizer.tokenize(text, tokens);
                action.accept(tokens); // forEachSentence skips the empty ones
            });
        });
    }

    private Corpus(String description, Sentences sentences) {
        this.description = description;
        this.sentences = sentences;
    }

    /**
     * Sentences another tokenizer made (BERT's WordPiece pieces, say), read again on every pass: the trainers learn a
     * vector for every distinct token string.
     */
    public static Corpus tokenized(String description, Sentences sentences) {
        return new Corpus(description, sentences);
    }

    /** One sentence per line of a text file. */
    public static Corpus file(Path path, Tokenizer tokenizer) throws IOException {
        requireFile(path);
        return new Corpus(path.toString(), out -> lines(path, out), tokenizer);
    }

    /** One sentence per line of every regular file below {@code dir}, skipping hidden files and folders. */
    public static Corpus directory(Path dir, Tokenizer tokenizer) throws IOException {
        List<Path> files = filesBelow(dir, "");
        return new Corpus(dir + " (" + files.size() + " files)", out -> {
            for (Path f : files) lines(f, out);
        }, tokenizer);
    }

    /**
     * One sentence per Javadoc paragraph of the {@code .java} files in a zip (or jar) file, or below a directory.
     * See {@link JavadocText} for what counts as prose.
     */
    public static Corpus javadoc(Path zipOrDir, Tokenizer tokenizer) throws IOException {
        if (Files.isDirectory(zipOrDir)) {
            List<Path> files = filesBelow(zipOrDir, ".java");
            return new Corpus("Javadoc of " + zipOrDir + " (" + files.size() + " files)", out -> {
                for (Path f : files) JavadocText.paragraphs(Files.readString(f, StandardCharsets.UTF_8), out);
            }, tokenizer);
        }
        requireFile(zipOrDir);
        return new Corpus("Javadoc of " + zipOrDir, out -> {
            try (ZipFile zip = new ZipFile(zipOrDir.toFile())) {
                for (ZipEntry e : zip.stream().map(ZipEntry.class::cast).toList()) {
                    if (e.isDirectory() || !e.getName().endsWith(".java")) continue;
                    try (InputStream in = zip.getInputStream(e)) {
                        JavadocText.paragraphs(new String(in.readAllBytes(), StandardCharsets.UTF_8), out);
                    }
                }
            }
        }, tokenizer);
    }

    /** The source code of the running JDK: {@code $JAVA_HOME/lib/src.zip}, present or not. */
    public static Path jdkSourceZip() {
        return Path.of(System.getProperty("java.home"), "lib", "src.zip");
    }

    /**
     * The Javadoc of the running JDK's src.zip. Throws an {@link IOException} that says what to install when this JDK
     * does not ship its sources.
     */
    public static Corpus jdkJavadoc(Tokenizer tokenizer) throws IOException {
        Path zip = jdkSourceZip();
        if (!Files.isRegularFile(zip)) throw new NoSuchFileException(zip.toString(), null, missingSourcesMessage(zip));
        return javadoc(zip, tokenizer);
    }

    /**
     * The built-in default corpus: the Javadoc of the running JDK's src.zip, or of the fallback
     * {@link #jdkSources} finds.
     */
    public static Corpus builtIn(Tokenizer tokenizer, Consumer<String> warn) throws IOException {
        return javadoc(jdkSources(warn), tokenizer);
    }

    /**
     * The running JDK's src.zip. Where this JDK lacks it, {@code warn} is told why and what to install, and the
     * answer falls back to the src.zip of another JDK under {@code /usr/lib/jvm}, then, when run from a nabla
     * checkout, to the checkout's directory (nabla's own sources); with none of those it throws the explanation.
     */
    public static Path jdkSources(Consumer<String> warn) throws IOException {
        Path zip = jdkSourceZip();
        if (Files.isRegularFile(zip)) return zip;
        String why = missingSourcesMessage(zip);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> s = Files.list(jvms)) {
                for (Path other : s.sorted().map(d -> d.resolve("lib/src.zip")).filter(Files::isRegularFile).toList()) {
                    warn.accept(why + " Using " + other + " instead.");
                    return other;
                }
            }
        }
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("nabla-core/src"))) {
            warn.accept(why + " Using nabla's own sources below " + here + " instead.");
            return here;
        }
        throw new NoSuchFileException(zip.toString(), null, why + " No other JDK sources or .java files were found.");
    }

    private static String missingSourcesMessage(Path zip) {
        String feature = Runtime.version().feature() + "";
        return "The JDK at " + System.getProperty("java.home") + " has no " + zip.getFileName()
                + " (its own source code, the default corpus). Install its source package (Debian/Ubuntu: openjdk-"
                + feature + "-source; Fedora: java-" + feature + "-openjdk-src), use a JDK that ships it (Temurin does),"
                + " or give a corpus file or directory.";
    }

    /** Calls {@code action} with the tokens of each non-empty sentence, in corpus order. The list is reused: copy it to keep it. */
    public void forEachSentence(Consumer<List<String>> action) throws IOException {
        sentences.forEach(tokens -> {
            if (!tokens.isEmpty()) action.accept(tokens);
        });
    }

    /** Where the text comes from, for messages. */
    public String description() { return description; }

    @Override
    public String toString() { return "Corpus[" + description + "]"; }

    private static void requireFile(Path path) throws IOException {
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "corpus file not found");
        if (!Files.isRegularFile(path)) throw new IOException(path + ": not a regular file");
    }

    private static void lines(Path path, Consumer<String> out) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8), 1 << 16)) {
            for (String line; (line = r.readLine()) != null; ) out.accept(line);
        }
    }

    /** The regular, non-hidden files below dir whose names end with suffix, in path order; none is an error. */
    public static List<Path> filesBelow(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString(), null, "corpus directory not found");
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> files = s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix) && !hidden(dir.relativize(p)))
                    .sorted().toList();
            if (files.isEmpty()) throw new IOException(dir + ": no " + (suffix.isEmpty() ? "" : suffix + " ") + "files in the corpus directory");
            return files;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".")) return true;
        return false;
    }
}
