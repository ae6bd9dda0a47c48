package dev.nabla.cli;

import dev.nabla.cli.bert.BertCommand;
import dev.nabla.cli.embed.EmbedCommand;
import dev.nabla.cli.gpt.GptCommand;
import dev.nabla.cli.lm.LmCommand;
import dev.nabla.cli.seq2seq.Seq2SeqCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/** The {@code nabla} command. */
@Command(name = "nabla", mixinStandardHelpOptions = true, version = "nabla 0.1.0",
        description = "Deep learning in pure Java: tensors with automatic differentiation, layers and models.",
        subcommands = {GptCommand.class, BertCommand.class, DemoCommand.class, FashionMnistCommand.class, EmbedCommand.class, LmCommand.class, Seq2SeqCommand.class,
                InfoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine(new Main()).execute(args));
    }

    /**
     * The command line of command with nabla's error reports: a bad argument or a missing or malformed file (an
     * IllegalArgumentException or an I/O error, whose messages name what is wrong) is one line, the command and that
     * message, exit code 1; anything else is a bug and keeps its stack trace.
     */
    public static CommandLine commandLine(Object command) {
        return new CommandLine(command).setExecutionExceptionHandler((e, cl, parsed) -> {
            if (!(e instanceof IllegalArgumentException || e instanceof IOException || e instanceof UncheckedIOException)) throw e;
            String name = cl.getCommandSpec().qualifiedName(), message = describe(e), own = name.substring(name.indexOf(' ') + 1);
            cl.getErr().println(message.startsWith(own + ":") ? "nabla " + message : name + ": " + message); // many messages name their command
            return cl.getCommandSpec().exitCodeOnExecutionException();
        });
    }

    private static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u) return describe(u.getCause());
        if (e instanceof NoSuchFileException f && f.getReason() == null) return f.getFile() + ": no such file";
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
