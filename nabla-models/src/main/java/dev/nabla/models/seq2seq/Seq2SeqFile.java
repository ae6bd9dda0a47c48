package dev.nabla.models.seq2seq;

import dev.nabla.io.Checkpoint;
import dev.nabla.tensor.Generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained number translator in one checkpoint file: the weights, the Adam and NoamLR state, the data generator,
 * and in the extras the model's configuration, the task's direction and the caller's notes (exact match...).
 * Written atomically by {@link Checkpoint}.
 */
public final class Seq2SeqFile {
    private Seq2SeqFile() {
    }

    public static void save(Path file, Seq2SeqTrainer trainer, long step, Map<String, Object> notes) throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>(notes);
        extra.put("config", trainer.model.config.toMap());
        extra.put("direction", trainer.task.direction.label());
        checkpoint(trainer).save(file, step, extra);
    }

    private static Checkpoint checkpoint(Seq2SeqTrainer trainer) {
        return new Checkpoint(trainer.model).optimizer(trainer.optimizer).scheduler(trainer.schedule).generator("data", trainer.data);
    }

    /**
     * Restores a trainer built from the file's model (see {@link #load}) to where the file was saved: weights, Adam
     * moments, schedule step and data generator. Returns the step; the notes saved with it are in the extras of {@link #load}.
     */
    public static long resume(Path file, Seq2SeqTrainer trainer) throws IOException {
        return checkpoint(trainer).load(file);
    }

    public record Loaded(Seq2SeqTransformer model, NumberTask task, long step, Map<String, Object> extra) {
    }

    /** The model (weights only) and its task. */
    public static Loaded load(Path file) throws IOException {
        Map<String, Object> meta = Checkpoint.read(file).meta();
        if (!(meta.get("extra") instanceof Map<?, ?> extra) || !(extra.get("config") instanceof Map<?, ?> config)
                || !(extra.get("direction") instanceof String direction))
            throw new IOException(file + ": not a seq2seq model file (no config or direction in its extras)");
        Seq2SeqTransformer model = new Seq2SeqTransformer(Seq2SeqTransformer.Config.fromMap(config), new Generator(0));
        Checkpoint ck = new Checkpoint(model);
        long step = ck.loadModel(file);
        model.eval();
        return new Loaded(model, new NumberTask(NumberTask.Direction.parse(direction)), step, ck.extra());
    }
}
