package dev.nabla.cli.lm;

import dev.nabla.data.SharedData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The text the lm commands read, and its split: the first 90% for training, the last 10% for validation. */
record LmText(Path file, String text) {
    static final String DEFAULT = "tinyshakespeare.txt";

    /** Reads {@code file}, or the shared Tiny Shakespeare when it is null. */
    static LmText read(Path file, String command) throws IOException {
        Path p = file != null ? file : SharedData.find(DEFAULT);
        if (p == null)
            throw new IllegalArgumentException(command + ": no " + DEFAULT + " in the shared data (../shared/data or $NABLA_DATA); pass --text FILE");
        if (!Files.isRegularFile(p)) throw new IllegalArgumentException(command + ": no such file: " + p);
        String text = Files.readString(p, StandardCharsets.UTF_8);
        if (text.length() < 20) throw new IllegalArgumentException(command + ": " + p + " holds only " + text.length() + " characters");
        return new LmText(p, text);
    }

    /** Where validation starts. */
    int split() {
        return (int) (text.length() * 0.9);
    }
}
