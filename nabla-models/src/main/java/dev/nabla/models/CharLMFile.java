package dev.nabla.models;

import dev.nabla.io.Checkpoint;
import dev.nabla.tensor.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link CharLM} with its vocabulary and architecture in one nabla checkpoint, so that it can be loaded alone. */
public final class CharLMFile {
    private CharLMFile() {}

    public record Loaded(CharLM model, CharVocab vocab, long step) {}

    /** Writes atomically the weights, the vocabulary's characters and the config (as checkpoint extras). */
    public static void save(Path file, CharLM model, CharVocab vocab, long step) throws IOException {
        CharLM.Config c = model.config;
        if (c.vocab() != vocab.size())
            throw new IllegalArgumentException("CharLMFile: the model has " + c.vocab() + " characters but the vocabulary " + vocab.size());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("vocab", vocab.toString());
        extra.put("embed", c.embed());
        extra.put("hidden", c.hidden());
        extra.put("layers", c.layers());
        extra.put("cell", c.cell().name());
        new Checkpoint(model).save(file, step, extra);
    }

    public static Loaded load(Path file) throws IOException {
        Object e = Checkpoint.read(file).meta().get("extra");
        if (!(e instanceof Map<?, ?> extra) || !(extra.get("vocab") instanceof String chars))
            throw new IOException(file + ": not a character language model checkpoint: no vocabulary in its extras");
        CharLM.Config config;
        CharVocab vocab;
        try {
            vocab = CharVocab.of(chars);
            config = new CharLM.Config(vocab.size(), number(extra, "embed", file), number(extra, "hidden", file),
                    number(extra, "layers", file), CharLM.Cell.valueOf(String.valueOf(extra.get("cell"))));
        } catch (IllegalArgumentException ex) {
            throw new IOException(file + ": bad character language model config: " + ex.getMessage(), ex);
        }
        CharLM model = new CharLM(config, new Generator(0));
        long step = new Checkpoint(model).load(file);
        return new Loaded(model, vocab, step);
    }

    private static int number(Map<?, ?> extra, String key, Path file) throws IOException {
        if (!(extra.get(key) instanceof Number n)) throw new IOException(file + ": bad character language model config: no " + key);
        return n.intValue();
    }
}
