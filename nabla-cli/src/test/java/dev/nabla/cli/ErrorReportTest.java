package dev.nabla.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a user sees for bad input: one line naming the command and what is wrong, no stack trace. */
class ErrorReportTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsOneLineNamingTheCommandAndTheFile() {
        Path missing = dir.resolve("task.tsv");
        CliRun r = CliRun.nabla("bert", "finetune", "--data", missing.toString(), "--scratch", "tiny");
        assertEquals(1, r.code());
        assertEquals("nabla bert finetune: " + missing + ": task TSV not found", r.err().strip());
    }

    @Test
    void aBadCombinationOfOptionsIsOneLine() {
        CliRun r = CliRun.nabla("bert", "pretrain", "--document-contrast", "1", "-o", dir.resolve("m").toString());
        assertEquals(1, r.code());
        assertEquals("nabla bert pretrain: --document-contrast goes with the masked LM alone: add --no-nsp, drop --electra", r.err().strip());
    }
}
