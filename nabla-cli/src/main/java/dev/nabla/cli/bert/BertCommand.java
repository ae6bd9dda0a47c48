package dev.nabla.cli.bert;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nabla bert}: BERT encoders in Hugging Face's format. */
@Command(name = "bert", mixinStandardHelpOptions = true,
        description = {"BERT encoders in Hugging Face's format (a directory with config.json, model.safetensors and vocab.txt or",
                "tokenizer.json): pretrain one on your text (by default the JDK's Javadoc), fill in [MASK]s, fine-tune it for",
                "text classification, and read contextual word and sentence vectors from it."},
        subcommands = {BertPretrainCommand.class, BertFillMaskCommand.class, BertFinetuneCommand.class, BertEmbedCommand.class,
                BertSimilarCommand.class, BertContextsCommand.class})
public final class BertCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
