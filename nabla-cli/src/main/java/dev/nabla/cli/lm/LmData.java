package dev.nabla.cli.lm;

import dev.nabla.data.SharedData;
import dev.nabla.models.CharVocab;
import dev.nabla.models.TokenVocab;
import dev.nabla.models.WordVocab;
import dev.nabla.text.Corpus;
import dev.nabla.text.JavaSourceText;
import dev.nabla.text.Tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The token ids the lm commands read, and their split: the first 90% for training, the last 10% for validation.
 * Characters come from a UTF-8 file or the files below a directory (default: Tiny Shakespeare of the shared data, or
 * where that is absent 2 million characters of the JDK's java.util sources). Words come from a text file
 * (a sentence per line), every file below a directory, or the Javadoc of a .zip/.jar of Java sources (default: the
 * running JDK's src.zip, as for word embeddings), each sentence ended by {@value WordVocab#EOS}.
 */
record LmData(String source, TokenVocab vocab, int[] ids) {
    static final String DEFAULT_CHARS = "tinyshakespeare.txt";

    enum Level { CHAR, WORD }

    /**
     * Reads {@code file} (null: the level's default) as tokens of {@code vocab}, or, when it is null, of a vocabulary
     * built from the text itself (at most {@code words} words for the word level).
     */
    static LmData read(Path file, Level level, TokenVocab vocab, int words, String command) throws IOException {
        if (file != null && !Files.exists(file)) throw new IllegalArgumentException(command + ": no such file or directory: " + file);
        return level == Level.CHAR ? characters(file, (CharVocab) vocab, command) : words(file, (WordVocab) vocab, words, command);
    }

    static Level level(TokenVocab vocab) {
        return vocab instanceof WordVocab ? Level.WORD : Level.CHAR;
    }

    /** Where validation starts. */
    int split() {
        return (int) (ids.length * 0.9);
    }

    int[] train() {
        return Arrays.copyOfRange(ids, 0, split());
    }

    int[] validation() {
        return Arrays.copyOfRange(ids, split(), ids.length);
    }

    private static LmData characters(Path file, CharVocab vocab, String command) throws IOException {
        String source, text;
        Path shared = file == null ? SharedData.find(DEFAULT_CHARS) : null;
        if (file != null && Files.isDirectory(file)) {
            source = "the files below " + file;
            text = filesBelow(file);
        } else if (file != null) {
            source = file.toString();
            text = Files.readString(file, StandardCharsets.UTF_8);
        } else if (shared != null) {
            source = shared.toString();
            text = Files.readString(shared, StandardCharsets.UTF_8);
        } else {
            Path sources = Corpus.jdkSources(w -> System.err.println(command + ": " + w));
            String prefix = Files.isDirectory(sources) ? "" : JavaSourceText.DEFAULT_PREFIX;
            source = "the .java files of " + sources + (prefix.isEmpty() ? "" : " under " + prefix);
            System.err.println(command + ": no " + DEFAULT_CHARS + " in the shared data (../shared/data or $NABLA_DATA): using " + source);
            text = JavaSourceText.read(sources, prefix, 2_000_000);
        }
        if (text.length() < 20) throw new IllegalArgumentException(command + ": " + source + " holds only " + text.length() + " characters");
        CharVocab v = vocab != null ? vocab : CharVocab.fromText(text);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (v.id(ch) < 0) {
                long line = text.chars().limit(i).filter(x -> x == '\n').count() + 1;
                throw new IllegalArgumentException(source + ": line " + line + (file != null && Files.isDirectory(file) ? " of the files one after another" : "")
                        + ": character U+" + String.format("%04X", (int) ch) + " is not in the model's vocabulary");
            }
        }
        return new LmData(source, v, v.encode(text));
    }

    /** The regular, non-hidden files below dir, in path order, one after another. */
    private static String filesBelow(Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).filter(f -> !dir.relativize(f).toString().matches("(.*/)?\\..*")).sorted().toList())
                b.append(Files.readString(f, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static LmData words(Path file, WordVocab vocab, int words, String command) throws IOException {
        Corpus corpus;
        if (file == null) corpus = Corpus.builtIn(Tokenizer.english(), warning -> System.err.println(command + ": " + warning));
        else if (Files.isDirectory(file)) corpus = Corpus.directory(file, Tokenizer.english());
        else if (file.toString().toLowerCase(Locale.ROOT).matches(".*\\.(zip|jar)")) corpus = Corpus.javadoc(file, Tokenizer.english());
        else corpus = Corpus.file(file, Tokenizer.english());
        WordVocab v = vocab != null ? vocab : WordVocab.build(corpus, words);
        int[] ids = v.encode(corpus);
        if (ids.length < 20) throw new IllegalArgumentException(command + ": " + corpus.description() + " holds only " + ids.length + " words");
        return new LmData(corpus.description(), v, ids);
    }
}
