package dev.nabla.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;

import static java.nio.charset.StandardCharsets.UTF_8;

/** One run of a picocli command in this JVM with its exit code, stdout and stderr (UTF-8): what the CLI tests check. */
public record CliRun(int code, String out, String err) {
    /** Runs the nabla command with args. */
    public static CliRun nabla(String... args) {
        return of(new Main(), args);
    }

    /** Runs command (a picocli command object, kept by the caller to inspect afterwards) with args. */
    public static CliRun of(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        System.setOut(new PrintStream(out, true, UTF_8));
        System.setErr(new PrintStream(err, true, UTF_8));
        try {
            CommandLine cl = Main.commandLine(command);
            cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true));
            return new CliRun(cl.execute(args), out.toString(UTF_8), err.toString(UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
