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
 * segments of contiguous text need both), and which of them are held out for validation. Read from a text file in
 * BERT's pretraining format (one sentence a line, a blank line between documents), every file below a directory in
 * that format (each file starts a new document), or a .zip/.jar of Java sources such as the JDK's src.zip (one
 * document per .java file, the sentences of its Javadoc prose). Reading stops at the document that passes maxChars.
 * <p>
 * Held out: in a source zip, the files whose sentences {@link JavadocPackageTask} keeps for validation and test, so
 * that a model pretrained here and fine-tuned on that task has never read its test sentences; in text, every 20th
 * document.
 */
public final class PretrainingText {
    private PretrainingText() {}

    static final int HOLD_OUT_EVERY = 20;

    /** The documents for training and those held out for validation. */
    public record Split(List<List<String>> train, List<List<String>> validation) {
        public int documents() {
            return train.size() + validation.size();
        }
    }

    /** The documents of path, about maxChars characters of them. */
    public static Split read(Path path, long maxChars) throws IOException {
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
                    if (r.endDocument(JavadocPackageTask.heldOut(e.getName()))) break;
                }
            }
        } else {
            for (Path f : Files.isDirectory(path) ? Corpus.filesBelow(path, "") : List.of(path)) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank() ? r.endTextDocument() : r.sentence(line.strip())) break;
                }
                if (r.endTextDocument()) break;
            }
        }
        if (r.train.isEmpty() || r.validation.isEmpty())
            throw new IOException(path + ": " + (r.train.size() + r.validation.size()) + " documents cannot give both training and validation "
                    + "documents (every " + HOLD_OUT_EVERY + "th document of a text is held out; a blank line separates documents)");
        return new Split(r.train, r.validation);
    }

    /** Gathers sentences into documents; true once maxChars is passed. */
    private static final class Reader {
        final List<List<String>> train = new ArrayList<>(), validation = new ArrayList<>();
        final long maxChars;
        List<String> current = new ArrayList<>();
        long chars;
        int textDocuments;

        Reader(long maxChars) {
            this.maxChars = maxChars;
        }

        boolean sentence(String s) {
            current.add(s);
            chars += s.length() + 1;
            return false;
        }

        boolean endTextDocument() {
            return endDocument(!current.isEmpty() && ++textDocuments % HOLD_OUT_EVERY == 0);
        }

        boolean endDocument(boolean heldOut) {
            if (!current.isEmpty()) (heldOut ? validation : train).add(current);
            current = new ArrayList<>();
            return chars >= maxChars;
        }
    }
}
