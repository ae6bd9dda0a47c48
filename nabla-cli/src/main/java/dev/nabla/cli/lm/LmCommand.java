package dev.nabla.cli.lm;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nabla lm}: a character-level language model (LSTM or GRU, as char-rnn): train it, sample from it, evaluate it. */
@Command(name = "lm", mixinStandardHelpOptions = true,
        description = {"Character- or word-level language model (Embedding → LSTM or GRU → Linear, as char-rnn):",
                "train it on a text (default: Tiny Shakespeare from the shared data for characters, the JDK's src.zip for",
                "words), generate text, measure its perplexity beside a Kneser-Ney n-gram baseline."},
        subcommands = {LmTrainCommand.class, LmSampleCommand.class, LmEvalCommand.class})
public final class LmCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
