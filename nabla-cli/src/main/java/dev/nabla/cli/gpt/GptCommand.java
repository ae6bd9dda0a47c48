package dev.nabla.cli.gpt;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nabla gpt}: GPT-2-style transformer language models in Hugging Face's format. */
@Command(name = "gpt", mixinStandardHelpOptions = true,
        description = {"GPT-2-style transformer language models: train one on your text (by default the JDK's own Java sources),",
                "or run a Hugging Face GPT-2 directory (config.json, model.safetensors, vocab.json, merges.txt) or one nabla saved."},
        subcommands = {GptTrainCommand.class, GptGenerateCommand.class})
public final class GptCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
