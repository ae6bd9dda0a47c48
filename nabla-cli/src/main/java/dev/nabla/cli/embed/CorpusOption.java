package dev.nabla.cli.embed;

import dev.nabla.text.Corpus;
import dev.nabla.text.Tokenizer;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The corpus a command reads (a picocli mixin): a file, a folder, a zip of Java sources, or the built-in default. */
final class CorpusOption {
    @Option(names = "--corpus", paramLabel = "PATH",
            description = "A text file (one sentence a line), a folder of text files, or a .zip of Java sources (its Javadoc). Default: this JDK's src.zip.")
    Path path;

    @Option(names = "--chars", description = "Tokenize into characters (for text without spaces, e.g. Chinese) instead of English words.")
    boolean chars;

    Corpus open() throws IOException {
        Tokenizer tokenizer = chars ? Tokenizer.characters() : Tokenizer.english();
        if (path == null) return Corpus.builtIn(tokenizer, System.err::println);
        if (path.toString().endsWith(".zip")) return Corpus.javadoc(path, tokenizer);
        return Files.isDirectory(path) ? Corpus.directory(path, tokenizer) : Corpus.file(path, tokenizer);
    }
}
