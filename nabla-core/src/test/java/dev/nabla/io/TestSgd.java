package dev.nabla.io;

import dev.nabla.autograd.NoGrad;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-only SGD with momentum (torch's formula: buf = m·buf + g, p -= lr·buf), enough to exercise checkpoints. */
final class TestSgd extends Optimizer {
    private final Map<Integer, Tensor> buffers = new LinkedHashMap<>();

    TestSgd(List<Tensor> params, double lr, double momentum) {
        super(single(params), defaults(lr, momentum));
    }

    private static Map<String, Double> defaults(double lr, double momentum) {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("momentum", momentum);
        return d;
    }

    @Override
    public void step() {
        try (var ignored = NoGrad.enter()) {
            int i = 0;
            for (ParamGroup g : groups) {
                float lr = (float) g.lr(), m = (float) g.get("momentum");
                for (Tensor p : g.params()) {
                    int k = i++;
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Tensor buf = buffers.get(k);
                    if (buf == null) buffers.put(k, buf = grad.contiguousCopy());
                    else buf.mul_(m).add_(grad, 1f);
                    p.add_(buf, -lr);
                }
            }
        }
    }

    @Override
    public Map<String, Tensor> stateTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        buffers.forEach((k, v) -> out.put(k + ".momentum_buffer", v));
        return out;
    }

    @Override
    public Map<String, Object> stateMeta() {
        List<Object> gs = new ArrayList<>();
        for (ParamGroup g : groups) gs.add(new LinkedHashMap<String, Object>(g.options()));
        return Map.of("param_groups", gs);
    }

    @Override
    public void loadState(Map<String, Tensor> tensors, Map<String, Object> meta) {
        List<Tensor> ps = params();
        Map<Integer, Tensor> bufs = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String[] kv = e.getKey().split("\\.", 2);
            int k = Integer.parseInt(kv[0]);
            if (k < 0 || k >= ps.size() || !kv[1].equals("momentum_buffer"))
                throw new IllegalArgumentException("TestSgd.loadState: unexpected state '" + e.getKey() + "'");
            if (!Arrays.equals(ps.get(k).shape(), e.getValue().shape()))
                throw new IllegalArgumentException("TestSgd.loadState: '" + e.getKey() + "' has shape " + Shape.str(e.getValue().shape()));
            bufs.put(k, e.getValue().contiguousCopy());
        }
        List<?> gs = (List<?>) meta.get("param_groups");
        if (gs == null || gs.size() != groups.size())
            throw new IllegalArgumentException("TestSgd.loadState: expected " + groups.size() + " param groups, got " + gs);
        for (int i = 0; i < gs.size(); i++)
            for (Map.Entry<?, ?> e : ((Map<?, ?>) gs.get(i)).entrySet())
                groups.get(i).set((String) e.getKey(), ((Number) e.getValue()).doubleValue());
        buffers.clear();
        buffers.putAll(bufs);
    }
}
