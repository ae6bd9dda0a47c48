package dev.nabla.cli;

import dev.nabla.cli.bert.BertCommand;
import dev.nabla.cli.embed.EmbedCommand;
import dev.nabla.cli.gpt.GptCommand;
import dev.nabla.cli.lm.LmCommand;
import dev.nabla.cli.seq2seq.Seq2SeqCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
