package dev.nabla.cli.bert;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nabla bert}: BERT encoders in Hugging Face's format. */
@Command(name = "bert", mixinStandardHelpOptions = true,
        description = "BERT encoders: pretrain one on your text (by default the Javadoc of the JDK's own sources) and use it, or "
                + "a Hugging Face BERT directory (config.json, model.safetensors, vocab.txt or tokenizer.json).",
        subcommands = {
                BertPretrainCommand.class,
                BertFillMaskCommand.class,
        })
public final class BertCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
