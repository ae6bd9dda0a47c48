package dev.nabla.golden;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** The inputs and keyword arguments of one golden case, as the op under test reads them. */
public final class Args {
    private final List<Object> inputs; // Tensor or IntTensor, in order
    private final Map<String, Object> kwargs;

    Args(List<Object> inputs, Map<String, Object> kwargs) {
        this.inputs = inputs;
        this.kwargs = kwargs;
    }

    /** Float input i. */
    public Tensor t(int i) {
        return (Tensor) inputs.get(i);
    }

    /** Int input i (indices, labels, masks). */
    public IntTensor idx(int i) {
        return (IntTensor) inputs.get(i);
    }

    /** All inputs that are float tensors, in order. */
    public List<Tensor> tensors() {
        return inputs.stream().filter(o -> o instanceof Tensor).map(o -> (Tensor) o).toList();
    }

    public int size() {
        return inputs.size();
    }

    public boolean has(String k) {
        return kwargs.containsKey(k) && kwargs.get(k) != null;
    }

    private Object get(String k) {
        if (!kwargs.containsKey(k)) throw new IllegalArgumentException("golden case has no argument '" + k + "' (has " + kwargs.keySet() + ")");
        return kwargs.get(k);
    }

    public int i(String k) {
        return ((Number) get(k)).intValue();
    }

    public int i(String k, int dflt) {
        return has(k) ? i(k) : dflt;
    }

    public float f(String k) {
        Object v = get(k);
        if (v instanceof String s) return switch (s) {
            case "inf" -> Float.POSITIVE_INFINITY;
            case "-inf" -> Float.NEGATIVE_INFINITY;
            default -> Float.NaN;
        };
        return ((Number) v).floatValue();
    }

    public float f(String k, float dflt) {
        return has(k) ? f(k) : dflt;
    }

    public boolean b(String k) {
        return (Boolean) get(k);
    }

    public boolean b(String k, boolean dflt) {
        return has(k) ? b(k) : dflt;
    }

    public String s(String k) {
        return (String) get(k);
    }

    public String s(String k, String dflt) {
        return has(k) ? s(k) : dflt;
    }

    /** A list of ints; a single int is read as a one-element list. */
    public int[] ints(String k) {
        Object v = get(k);
        if (v instanceof Number n) return new int[] {n.intValue()};
        return Golden.ints(v);
    }

    public int[] ints(String k, int[] dflt) {
        return has(k) ? ints(k) : dflt;
    }
}
