package dev.nabla.cli.seq2seq;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nabla seq2seq}: an encoder–decoder Transformer that turns numbers in English words into digits, or back. */
@Command(name = "seq2seq", mixinStandardHelpOptions = true,
        description = {"Sequence to sequence with an encoder-decoder Transformer: numbers 0..999,999,999 in English words",
                "to digits (\"three hundred forty-two thousand seven\" -> 342007) or back, generated on the fly; one number in",
                "20 is held out for evaluation. Greedy and beam-search decoding with the decoder's key/value cache,",
                "attention heatmaps."},
        subcommands = {Seq2SeqTrainCommand.class, Seq2SeqTranslateCommand.class})
public final class Seq2SeqCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
