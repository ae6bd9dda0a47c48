package dev.nabla.io;

import dev.nabla.data.DataLoader;
import dev.nabla.nn.Module;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training state in one safetensors file: the model's state dict under "model.", the optimizer's state tensors
 * under "optimizer.", the caller's own tensors under "extra.", and in the metadata (key {@value #META_KEY}, one JSON string) the step, the optimizer's and
 * scheduler's meta, the named generators and data loaders, and caller extras. The file is written to a temporary
 * name, flushed and renamed, so a crash leaves either the old checkpoint or the new one, never half of one.
 *
 * <pre>{@code
 * Checkpoint ck = new Checkpoint(model).optimizer(opt).scheduler(sched).loader("train", loader).generator("dropout", g);
 * ck.save(path, step);           // ... later, in a fresh process with freshly built objects:
 * long step = ck.load(path);     // restores everything registered, or throws naming the file and the problem
 * }</pre>
 */
public final class Checkpoint {
    public static final String META_KEY = "nabla.checkpoint";
    public static final String FORMAT = "nabla-checkpoint";
    public static final int VERSION = 1;
    static final String MODEL = "model.", OPTIMIZER = "optimizer.", EXTRA = "extra.";

    private final Module model;
    private Optimizer optimizer;
    private LRScheduler scheduler;
    private final Map<String, Generator> generators = new LinkedHashMap<>();
    private final Map<String, DataLoader<?>> loaders = new LinkedHashMap<>();
    private Map<String, Object> extra = Map.of();
    private Map<String, Tensor> extraTensors = Map.of();

    public Checkpoint(Module model) {
        if (model == null) throw new IllegalArgumentException("Checkpoint: model is null");
        this.model = model;
    }

    public Checkpoint optimizer(Optimizer o) {
        optimizer = o;
        return this;
    }

    public Checkpoint scheduler(LRScheduler s) {
        scheduler = s;
        return this;
    }

    /** A generator the training loop draws from (dropout, augmentation...), saved and restored by name. */
    public Checkpoint generator(String name, Generator g) {
        if (generators.put(name, g) != null) throw new IllegalArgumentException("Checkpoint: generator '" + name + "' registered twice");
        return this;
    }

    /** A data loader, saved with its position in the epoch (and its shuffle generator) and restored by name. */
    public Checkpoint loader(String name, DataLoader<?> l) {
        if (loaders.put(name, l) != null) throw new IllegalArgumentException("Checkpoint: loader '" + name + "' registered twice");
        return this;
    }

    /** The caller's extras of the last save or load (best accuracy, config...): JSON-friendly values. */
    public Map<String, Object> extra() {
        return extra;
    }

    /** The caller's extra tensors of the last save or load (a recurrent state carried across batches...). */
    public Map<String, Tensor> extraTensors() {
        return extraTensors;
    }

    // ---------------------------------------------------------------- save

    public void save(Path file, long step) throws IOException {
        save(file, step, Map.of());
    }

    /** Writes the registered state atomically (temporary file, fsync, rename). */
    public void save(Path file, long step, Map<String, Object> extras) throws IOException {
        save(file, step, extras, Map.of());
    }

    /** The same with tensors of the caller's own, saved under "extra." and given back by {@link #extraTensors()}. */
    public void save(Path file, long step, Map<String, Object> extras, Map<String, Tensor> callerTensors) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put(MODEL + k, v));
        callerTensors.forEach((k, v) -> tensors.put(EXTRA + k, v));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("step", step);
        meta.put("model", model.getClass().getName());
        if (optimizer != null) {
            optimizer.stateTensors().forEach((k, v) -> tensors.put(OPTIMIZER + k, v));
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("class", optimizer.getClass().getName());
            o.put("state", optimizer.stateMeta());
            meta.put("optimizer", o);
        }
        if (scheduler != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("class", scheduler.getClass().getName());
            s.put("state", scheduler.stateMeta());
            meta.put("scheduler", s);
        }
        Map<String, Object> gens = new LinkedHashMap<>();
        generators.forEach((k, g) -> gens.put(k, encodeGenerator(g.getState())));
        meta.put("generators", gens);
        Map<String, Object> ls = new LinkedHashMap<>();
        loaders.forEach((k, l) -> ls.put(k, l.stateMeta()));
        meta.put("loaders", ls);
        meta.put("extra", extras);
        String json;
        try {
            json = Json.write(meta, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Checkpoint.save: " + file + ": the state cannot be written as JSON: " + e.getMessage(), e);
        }
        SafeTensors.save(file, tensors, Map.of(META_KEY, json));
        extra = extras;
        extraTensors = callerTensors;
    }

    // ---------------------------------------------------------------- load

    /** The raw contents of a checkpoint file: tensors by full name and the parsed meta. Validates the format. */
    public record Contents(Map<String, Tensor> tensors, Map<String, Object> meta) {
        public long step() {
            return ((Number) meta.get("step")).longValue();
        }
    }

    public static Contents read(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.load(file);
        String json = c.metadata().get(META_KEY);
        if (json == null) throw new IOException(file + ": not a nabla checkpoint: no '" + META_KEY + "' in the safetensors metadata");
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": corrupt checkpoint metadata: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> m)) throw new IOException(file + ": corrupt checkpoint metadata: not a JSON object");
        @SuppressWarnings("unchecked") Map<String, Object> meta = (Map<String, Object>) m;
        if (!FORMAT.equals(meta.get("format"))) throw new IOException(file + ": not a nabla checkpoint: format is " + meta.get("format"));
        if (!(meta.get("version") instanceof Number v) || v.intValue() != VERSION)
            throw new IOException(file + ": checkpoint version " + meta.get("version") + " is not supported (this build reads version " + VERSION + ")");
        if (!(meta.get("step") instanceof Number)) throw new IOException(file + ": corrupt checkpoint metadata: no step");
        if (!c.intTensors().isEmpty()) throw new IOException(file + ": unexpected int tensors " + c.intTensors().keySet());
        return new Contents(c.tensors(), meta);
    }

    /**
     * Restores everything registered from the file and returns the step it was saved at. Everything the file must
     * hold for the registered objects is checked before any of them is changed.
     */
    public long load(Path file) throws IOException {
        Contents c = read(file);
        Map<String, Object> meta = c.meta();
        Map<String, Tensor> modelState = new LinkedHashMap<>(), optState = new LinkedHashMap<>(), callerTensors = new LinkedHashMap<>();
        List<String> stray = new ArrayList<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith(MODEL)) modelState.put(k.substring(MODEL.length()), v);
            else if (k.startsWith(OPTIMIZER)) optState.put(k.substring(OPTIMIZER.length()), v);
            else if (k.startsWith(EXTRA)) callerTensors.put(k.substring(EXTRA.length()), v);
            else stray.add(k);
        });
        if (!stray.isEmpty()) throw new IOException(file + ": tensors outside model./optimizer./extra.: " + stray);

        List<String> problems = new ArrayList<>();
        Map<String, Tensor> own = model.stateDict();
        for (String k : own.keySet()) if (!modelState.containsKey(k)) problems.add("model key '" + k + "' is missing");
        for (Map.Entry<String, Tensor> e : modelState.entrySet()) {
            Tensor mine = own.get(e.getKey());
            if (mine == null) problems.add("model key '" + e.getKey() + "' is not in " + model.getClass().getSimpleName());
            else if (!java.util.Arrays.equals(mine.shape(), e.getValue().shape()))
                problems.add("model key '" + e.getKey() + "' has shape " + Shape.str(e.getValue().shape()) + ", the model has " + Shape.str(mine.shape()));
        }
        Map<String, Object> opt = section(meta, "optimizer", optimizer != null, problems);
        if (opt != null && !optimizer.getClass().getName().equals(opt.get("class")))
            problems.add("the optimizer state was written by " + opt.get("class") + ", the optimizer is " + optimizer.getClass().getName());
        if (optimizer == null && !optState.isEmpty()) problems.add("the file holds optimizer state but no optimizer was given");
        Map<String, Object> sch = section(meta, "scheduler", scheduler != null, problems);
        if (sch != null && !scheduler.getClass().getName().equals(sch.get("class")))
            problems.add("the scheduler state was written by " + sch.get("class") + ", the scheduler is " + scheduler.getClass().getName());
        Map<String, Object> gens = section(meta, "generators", true, problems), ls = section(meta, "loaders", true, problems);
        Map<String, long[]> genStates = new LinkedHashMap<>();
        if (gens != null) for (String k : generators.keySet()) {
            if (!(gens.get(k) instanceof String s)) problems.add("no state for generator '" + k + "' (the file has " + gens.keySet() + ")");
            else try {
                genStates.put(k, decodeGenerator(s));
            } catch (IllegalArgumentException e) {
                problems.add("generator '" + k + "': " + e.getMessage());
            }
        }
        if (ls != null) for (String k : loaders.keySet())
            if (!(ls.get(k) instanceof Map<?, ?>)) problems.add("no state for loader '" + k + "' (the file has " + ls.keySet() + ")");
        if (!problems.isEmpty()) throw new IOException(file + ": cannot restore the checkpoint:\n  " + String.join("\n  ", problems));

        try {
            model.loadStateDict(modelState, true);
            if (optimizer != null) optimizer.loadState(optState, asMap(opt.get("state")));
            if (scheduler != null) scheduler.loadState(asMap(sch.get("state")));
            genStates.forEach((k, s) -> generators.get(k).setState(s));
            for (Map.Entry<String, DataLoader<?>> e : loaders.entrySet()) e.getValue().loadState(asMap(ls.get(e.getKey())));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException(file + ": cannot restore the checkpoint: " + e.getMessage(), e);
        }
        Object ex = meta.get("extra");
        extra = ex == null ? Map.of() : asMap(ex);
        extraTensors = callerTensors;
        return ((Number) meta.get("step")).longValue();
    }

    /**
     * Restores only the model's weights (for inference from a training checkpoint: any optimizer or other state in
     * the file is left unread) and the caller's extras; returns the step.
     */
    public long loadModel(Path file) throws IOException {
        Contents c = read(file);
        Map<String, Tensor> state = new LinkedHashMap<>(), callerTensors = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith(MODEL)) state.put(k.substring(MODEL.length()), v);
            else if (k.startsWith(EXTRA)) callerTensors.put(k.substring(EXTRA.length()), v);
        });
        try {
            model.loadStateDict(state, true);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": cannot load the model: " + e.getMessage(), e);
        }
        Object ex = c.meta().get("extra");
        extra = ex == null ? Map.of() : asMap(ex);
        extraTensors = callerTensors;
        return c.step();
    }

    private static Map<String, Object> section(Map<String, Object> meta, String key, boolean needed, List<String> problems) {
        Object v = meta.get(key);
        if (!needed) return null;
        if (!(v instanceof Map<?, ?>)) {
            problems.add("no " + key + " state in the file");
            return null;
        }
        return asMap(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        if (o == null) return Map.of();
        if (!(o instanceof Map<?, ?>)) throw new IllegalArgumentException("expected a JSON object, got " + o);
        return (Map<String, Object>) o;
    }

    // ---------------------------------------------------------------- generator state as text

    /** A generator state as comma-separated hex words: JSON numbers (read back as doubles past 18 digits) cannot carry 64-bit values exactly. */
    public static String encodeGenerator(long[] state) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < state.length; i++) {
            if (i > 0) b.append(',');
            b.append(Long.toHexString(state[i]));
        }
        return b.toString();
    }

    public static long[] decodeGenerator(String s) {
        String[] parts = s.split(",", -1);
        if (parts.length != 7) throw new IllegalArgumentException("a generator state has 7 words, got " + parts.length + " in '" + s + "'");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Long.parseUnsignedLong(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad generator state word '" + parts[i] + "'");
            }
        }
        return out;
    }
}
