package dev.nabla.models;

import dev.nabla.io.Checkpoint;
import dev.nabla.tensor.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link RnnLM} with its vocabulary and architecture in one nabla checkpoint, so that it can be loaded alone;
 * optionally with its trainer's state (Adam moments, position, carried state) so that training can resume exactly.
 */
public final class RnnLMFile {
    private RnnLMFile() {}

    /** The model, its vocabulary, the iteration it was saved at and the caller's extras. */
    public record Loaded(RnnLM model, TokenVocab vocab, long step, Map<String, Object> extra) {}

    private static final String VOCAB = "vocab", TRAINER = "trainer";

    /** Writes atomically the weights, the vocabulary and the config (as checkpoint extras). */
    public static void save(Path file, RnnLM model, TokenVocab vocab, long step) throws IOException {
        save(file, model, vocab, step, null, Map.of());
    }

    /** The same plus the trainer's state (when not null) and the caller's JSON-friendly extras. */
    public static void save(Path file, RnnLM model, TokenVocab vocab, long step, RnnLMTrainer trainer, Map<String, Object> extras)
            throws IOException {
        RnnLM.Config c = model.config;
        if (c.vocab() != vocab.size())
            throw new IllegalArgumentException("RnnLMFile: the model has " + c.vocab() + " tokens but the vocabulary " + vocab.size());
        Map<String, Object> extra = new LinkedHashMap<>(extras);
        extra.put(VOCAB, vocab.describe());
        extra.put("embed", c.embed());
        extra.put("hidden", c.hidden());
        extra.put("layers", c.layers());
        extra.put("cell", c.cell().name());
        extra.put("dropout", c.dropout());
        Checkpoint ck = new Checkpoint(model);
        if (trainer == null) {
            ck.save(file, step, extra);
        } else {
            extra.put(TRAINER, trainer.progress());
            ck.optimizer(trainer.optimizer()).generator("dropout", model.generator()).save(file, step, extra, trainer.carried());
        }
    }

    public static Loaded load(Path file) throws IOException {
        Map<?, ?> extra = extras(file);
        RnnLM.Config config;
        TokenVocab vocab;
        try {
            // a string is the character vocabulary of files written before word models existed
            vocab = extra.get(VOCAB) instanceof String chars ? CharVocab.of(chars)
                    : extra.get(VOCAB) instanceof Map<?, ?> d ? TokenVocab.fromDescription(d) : null;
            if (vocab == null) throw new IOException(file + ": not a language model checkpoint: no vocabulary in its extras");
            config = new RnnLM.Config(vocab.size(), number(extra, "embed", file), number(extra, "hidden", file),
                    number(extra, "layers", file), RnnLM.Cell.valueOf(String.valueOf(extra.get("cell"))),
                    extra.get("dropout") instanceof Number p ? p.floatValue() : 0f); // files from before dropout have none
        } catch (IllegalArgumentException ex) {
            throw new IOException(file + ": bad language model config: " + ex.getMessage(), ex);
        }
        RnnLM model = new RnnLM(config, new Generator(0));
        Checkpoint ck = new Checkpoint(model);
        long step = ck.loadModel(file);
        return new Loaded(model, vocab, step, ck.extra());
    }

    /**
     * Restores into {@code trainer} (built on the model {@link #load} gave) the weights, Adam state, position and
     * carried state saved with it; a file saved without a trainer is an error.
     */
    public static void resume(Path file, RnnLMTrainer trainer) throws IOException {
        Checkpoint ck = new Checkpoint(trainer.model()).optimizer(trainer.optimizer()).generator("dropout", trainer.model().generator());
        if (!(extras(file).get(TRAINER) instanceof Map<?, ?>))
            throw new IOException(file + ": holds no training state to resume from (it was saved without its trainer)");
        ck.load(file);
        try {
            trainer.restore((Map<?, ?>) ck.extra().get(TRAINER), ck.extraTensors());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": cannot resume: " + e.getMessage(), e);
        }
    }

    private static Map<?, ?> extras(Path file) throws IOException {
        if (!(Checkpoint.read(file).meta().get("extra") instanceof Map<?, ?> extra))
            throw new IOException(file + ": not a language model checkpoint: no extras");
        return extra;
    }

    private static int number(Map<?, ?> extra, String key, Path file) throws IOException {
        if (!(extra.get(key) instanceof Number n)) throw new IOException(file + ": bad language model config: no " + key);
        return n.intValue();
    }
}
