package dev.nabla.optim;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An optimizer whose update of each element depends only on that element (SGD, Adam, ...): it hands each parameter
 * with a gradient to {@link #update} as flat float arrays, once per step, and keeps per-parameter state buffers
 * (contiguous tensors shaped like the parameter) and step counts, which it saves and restores for checkpoints.
 */
public abstract class ElementwiseOptimizer extends Optimizer {
    /** Elements per thread below which an update runs on the caller's thread. */
    protected static final int GRAIN = 1 << 15;

    private final ParamState[] state;

    /** One parameter's state: steps taken and named buffers, created on first use. */
    protected static final class ParamState {
        private int step;
        private final Map<String, Tensor> buffers = new LinkedHashMap<>();

        public int step() {
            return step;
        }

        public boolean has(String name) {
            return buffers.containsKey(name);
        }

        /** The buffer's storage (offset 0, contiguous), created filled with {@code init} if absent. */
        public float[] buffer(String name, int[] shape, float init) {
            Tensor t = buffers.get(name);
            if (t == null) {
                float[] d = new float[Shape.numel(shape)];
                if (init != 0f) Arrays.fill(d, init);
                t = Tensor.wrap(d, shape);
                buffers.put(name, t);
            }
            return t.storage();
        }
    }

    protected ElementwiseOptimizer(List<ParamGroup> groups, Map<String, Double> defaults) {
        super(groups, defaults);
        for (ParamGroup g : this.groups) validate(g);
        state = new ParamState[params().size()];
    }

    /** Throws IllegalArgumentException, naming the optimizer and the value, for a bad hyper-parameter. */
    protected abstract void validate(ParamGroup g);

    /** The names of this optimizer's per-parameter buffers (torch's state keys). */
    protected abstract Set<String> bufferNames();

    /**
     * Updates one parameter in place: p[po..po+n) from g[go..go+n), both contiguous in row-major order, using and
     * updating state (its step already counts this step).
     */
    protected abstract void update(ParamGroup group, ParamState state, int[] shape, float[] p, int po, float[] g, int go, int n);

    /** Checks a hyper-parameter lies in [lo, hi] (hi may be +inf); a clear error names the optimizer. */
    protected final void check(ParamGroup g, String name, double lo, double hi, boolean hiOpen) {
        double v = g.get(name);
        if (!(v >= lo && (hiOpen ? v < hi : v <= hi)))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid " + name + " " + v + " (expected "
                    + (Double.isInfinite(hi) ? ">= " + lo : "in [" + lo + ", " + hi + (hiOpen ? ")" : "]")) + ")");
    }

    protected final void checkFlag(ParamGroup g, String name) {
        double v = g.get(name);
        if (v != 0 && v != 1)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + name + " is a flag (0 or 1), got " + v);
    }

    @Override
    public void step() {
        int idx = 0;
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                int i = idx++;
                Tensor grad = p.grad();
                if (grad == null) continue;
                ParamState s = state[i];
                if (s == null) s = state[i] = new ParamState();
                s.step++;
                // the kernels want flat runs: work on contiguous copies when the layout is strided
                Tensor work = p.isContiguous() ? p : p.contiguousCopy();
                Tensor gw = grad.isContiguous() ? grad : grad.contiguousCopy();
                update(g, s, p.shape(), work.storage(), work.storageOffset(), gw.storage(), gw.storageOffset(), p.numel());
                if (work != p) {
                    try (NoGrad ignored = NoGrad.enter()) {
                        p.copy_(work);
                    }
                }
            }
        }
    }

    @Override
    public Map<String, Tensor> stateTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < state.length; i++)
            if (state[i] != null)
                for (Map.Entry<String, Tensor> e : state[i].buffers.entrySet()) out.put(i + "." + e.getKey(), e.getValue());
        return out;
    }

    @Override
    public Map<String, Object> stateMeta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", getClass().getSimpleName());
        List<Object> gs = new ArrayList<>();
        int idx = 0;
        for (ParamGroup g : groups) {
            Map<String, Object> gm = new LinkedHashMap<>();
            List<Object> ids = new ArrayList<>();
            for (int k = 0; k < g.params().size(); k++) ids.add(idx++);
            gm.put("params", ids);
            gm.putAll(g.options());
            gs.add(gm);
        }
        m.put("param_groups", gs);
        Map<String, Object> st = new LinkedHashMap<>();
        for (int i = 0; i < state.length; i++)
            if (state[i] != null) st.put(Integer.toString(i), Map.of("step", state[i].step));
        m.put("state", st);
        return m;
    }

    @Override
    public void loadState(Map<String, Tensor> tensors, Map<String, Object> meta) {
        String who = getClass().getSimpleName() + ".loadState";
        Object name = meta.get("optimizer");
        if (name != null && !name.equals(getClass().getSimpleName()))
            throw new IllegalArgumentException(who + ": the state is of a " + name);
        if (!(meta.get("param_groups") instanceof List<?> gs) || gs.size() != groups.size())
            throw new IllegalArgumentException(who + ": expected 'param_groups' with " + groups.size() + " groups, got " + meta.get("param_groups"));
        List<Tensor> params = params();
        // check everything before changing anything
        List<Map<String, Double>> options = new ArrayList<>();
        for (int k = 0; k < gs.size(); k++) {
            if (!(gs.get(k) instanceof Map<?, ?> gm))
                throw new IllegalArgumentException(who + ": group " + k + " is not a map");
            if (!(gm.get("params") instanceof List<?> ids) || ids.size() != groups.get(k).params().size())
                throw new IllegalArgumentException(who + ": group " + k + " should hold " + groups.get(k).params().size() + " params, the state has " + gm.get("params"));
            Map<String, Double> o = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : gm.entrySet()) {
                if ("params".equals(e.getKey())) continue;
                if (!(e.getValue() instanceof Number n))
                    throw new IllegalArgumentException(who + ": group " + k + " option '" + e.getKey() + "' should be a number, not " + e.getValue());
                o.put(String.valueOf(e.getKey()), n.doubleValue());
            }
            for (String known : groups.get(k).options().keySet())
                if (!o.containsKey(known)) throw new IllegalArgumentException(who + ": group " + k + " has no '" + known + "'");
            options.add(o);
        }
        ParamState[] fresh = new ParamState[state.length];
        if (meta.get("state") instanceof Map<?, ?> st) {
            for (Map.Entry<?, ?> e : st.entrySet()) {
                int i = paramIndex(who, String.valueOf(e.getKey()), params.size());
                if (!(e.getValue() instanceof Map<?, ?> sm) || !(sm.get("step") instanceof Number step))
                    throw new IllegalArgumentException(who + ": state of param " + i + " has no step count: " + e.getValue());
                fresh[i] = new ParamState();
                fresh[i].step = step.intValue();
            }
        } else if (meta.get("state") != null) {
            throw new IllegalArgumentException(who + ": 'state' should be a map, not " + meta.get("state"));
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot < 0) throw new IllegalArgumentException(who + ": state tensor key '" + key + "' is not 'index.name'");
            int i = paramIndex(who, key.substring(0, dot), params.size());
            String buf = key.substring(dot + 1);
            if (!bufferNames().contains(buf))
                throw new IllegalArgumentException(who + ": unknown state '" + buf + "' (known: " + bufferNames() + ")");
            Tensor t = e.getValue();
            if (!Arrays.equals(t.shape(), params.get(i).shape()))
                throw new IllegalArgumentException(who + ": state '" + key + "' has shape " + Shape.str(t.shape()) + ", param " + i + " has " + Shape.str(params.get(i).shape()));
            if (fresh[i] == null) fresh[i] = new ParamState();
            fresh[i].buffers.put(buf, Tensor.wrap(t.toArray(), t.shape()));
        }
        for (int k = 0; k < groups.size(); k++) {
            ParamGroup probe = new ParamGroup(List.of());
            options.get(k).forEach(probe::set);
            try {
                validate(probe);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(who + ": group " + k + ": " + ex.getMessage(), ex);
            }
        }
        for (int k = 0; k < groups.size(); k++) options.get(k).forEach(groups.get(k)::set);
        System.arraycopy(fresh, 0, state, 0, state.length);
    }

    private static int paramIndex(String who, String s, int n) {
        int i;
        try {
            i = Integer.parseInt(s);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(who + ": '" + s + "' is not a parameter index");
        }
        if (i < 0 || i >= n) throw new IndexOutOfBoundsException(who + ": parameter index " + i + " is out of range for " + n + " parameters");
        return i;
    }
}
