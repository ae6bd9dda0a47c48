package dev.nabla.models.bert;

import dev.nabla.text.Corpus;
import dev.nabla.text.JavadocText;
import dev.nabla.text.tasks.JavadocPackageTask;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The text BERT pretrains on: documents, each a list of sentences in order (next-sentence prediction and the
 * segments of contiguous text need both). Read from a text file in BERT's pretraining format (one sentence a line,
 * a blank line between documents), every file below a directory in that format (each file starts a new document),
 * or a .zip/.jar of Java sources such as the JDK's src.zip (one document per .java file, the sentences of its Javadoc
 * prose). Reading stops at the document that passes maxChars.
 */
public final class PretrainingText {
    private PretrainingText() {}

    /** The documents of path, about maxChars characters of them. */
    public static List<List<String>> read(Path path, long maxChars) throws IOException {
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such text file, directory or source zip");
        Reader r = new Reader(maxChars);
        if (Files.isRegularFile(path) && path.toString().toLowerCase(Locale.ROOT).matches(".*\\.(zip|jar)")) {
            try (ZipFile zip = new ZipFile(path.toFile())) {
                for (ZipEntry e : zip.stream().map(ZipEntry.class::cast).toList()) {
                    if (e.isDirectory() || !e.getName().endsWith(".java")) continue;
                    try (InputStream in = zip.getInputStream(e)) {
                        JavadocText.paragraphs(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                                p -> JavadocPackageTask.sentences(p, r::sentence));
                    }
                    if (r.endDocument()) break;
                }
            }
        } else {
            for (Path f : Files.isDirectory(path) ? Corpus.filesBelow(path, "") : List.of(path)) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank() ? r.endDocument() : r.sentence(line.strip())) break;
                }
                if (r.endDocument()) break;
            }
        }
        if (r.documents.isEmpty()) throw new IOException(path + ": no text to pretrain on");
        return r.documents;
    }

    /** The documents split for training and validation: every n-th document (the n-th, 2n-th ...) is held out. */
    public record Split(List<List<String>> train, List<List<String>> validation) {}

    public static Split split(List<List<String>> documents, int n) {
        List<List<String>> train = new ArrayList<>(), validation = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) (d % n == n - 1 ? validation : train).add(documents.get(d));
        if (validation.isEmpty() || train.isEmpty())
            throw new IllegalArgumentException("PretrainingText: " + documents.size() + " documents cannot give both training and validation "
                    + "documents (every " + n + "th is held out); separate the documents of a text file by blank lines");
        return new Split(train, validation);
    }

    /** Gathers sentences into documents; true once maxChars is passed. */
    private static final class Reader {
        final List<List<String>> documents = new ArrayList<>();
        final long maxChars;
        List<String> current = new ArrayList<>();
        long chars;

        Reader(long maxChars) {
            this.maxChars = maxChars;
        }

        boolean sentence(String s) {
            current.add(s);
            chars += s.length() + 1;
            return false;
        }

        boolean endDocument() {
            if (!current.isEmpty()) documents.add(current);
            current = new ArrayList<>();
            return chars >= maxChars;
        }
    }
}
