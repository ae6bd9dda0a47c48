package dev.nabla.cli.embed;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nabla embed}: train word vectors, query them, evaluate them and convert their files. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Word embeddings: train Word2Vec on a corpus (default: the Javadoc of this JDK's src.zip),",
                "find similar words and analogies, evaluate on word-pair and analogy files, convert vector files."},
        subcommands = {TrainCommand.class, SimilarCommand.class, AnalogyCommand.class, EvalCommand.class, ConvertCommand.class,
                CorpusCommand.class})
public final class EmbedCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
