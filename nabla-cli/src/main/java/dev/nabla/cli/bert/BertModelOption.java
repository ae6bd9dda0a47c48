package dev.nabla.cli.bert;

import dev.nabla.models.bert.BertModel;
import dev.nabla.models.bert.BertVectors;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.WordPieceFiles;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The BERT directory a vector command reads, and how long its texts may be (a picocli mixin). */
final class BertModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "DIR", required = true,
            description = "BERT directory: config.json, model.safetensors (any BERT architecture; heads are ignored), vocab.txt or tokenizer.json.")
    Path dir;

    @Option(names = "--max-len", defaultValue = "512", description = "Tokens per text with [CLS] and [SEP], at most the model's positions (default: ${DEFAULT-VALUE}).")
    int maxLen;

    BertTokenizer tokenizer() throws IOException {
        return WordPieceFiles.load(dir);
    }

    BertModel model() throws IOException {
        return BertModel.fromPretrained(dir);
    }

    /** The texts' vectors, truncated to --max-len or the model's positions. */
    List<BertVectors.Embedded> embed(BertModel model, BertTokenizer tok, List<String> texts) {
        return BertVectors.embed(model, tok, texts, Math.min(maxLen, model.config.maxPositionEmbeddings()));
    }
}
