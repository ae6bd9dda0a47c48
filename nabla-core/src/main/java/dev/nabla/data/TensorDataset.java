package dev.nabla.data;

import dev.nabla.kernel.Gather;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/**
 * Examples along the first dim of an input tensor and a target tensor (int labels or float targets), as
 * torch.utils.data.TensorDataset. A batch is one gather of rows per tensor.
 */
public final class TensorDataset implements Dataset<Batch> {
    private final Tensor x;
    private final IntTensor labels;
    private final Tensor targets;
    private final int n;

    public TensorDataset(Tensor inputs, IntTensor labels) {
        this(inputs, labels, null);
    }

    public TensorDataset(Tensor inputs, Tensor targets) {
        this(inputs, null, targets);
    }

    private TensorDataset(Tensor inputs, IntTensor labels, Tensor targets) {
        if (inputs.dim() == 0) throw new IllegalArgumentException("TensorDataset: inputs must have a leading example dim, got a 0-d tensor");
        int[] ts = labels != null ? labels.shape() : targets.shape();
        if (ts.length == 0 || ts[0] != inputs.size(0))
            throw new IllegalArgumentException("TensorDataset: inputs of shape " + Shape.str(inputs.shape()) + " and targets of shape "
                    + Shape.str(ts) + " differ in their first dim (the example index)");
        // detached and contiguous once, so every batch is a row copy
        this.x = inputs.detach().contiguous();
        this.labels = labels;
        this.targets = targets == null ? null : targets.detach().contiguous();
        this.n = inputs.size(0);
    }

    @Override
    public int size() {
        return n;
    }

    public Tensor inputs() {
        return x;
    }

    @Override
    public Batch get(int index) {
        Dataset.checkIndex("TensorDataset.get", index, n);
        Batch b = getBatch(new int[] {index});
        int[] xs = x.shape();
        Tensor xi = b.x().reshape(Arrays.copyOfRange(xs, 1, xs.length));
        if (labels != null) {
            int[] ls = labels.shape();
            return new Batch(xi, b.y().reshape(Arrays.copyOfRange(ls, 1, ls.length)));
        }
        int[] tsh = targets.shape();
        return new Batch(xi, b.target().reshape(Arrays.copyOfRange(tsh, 1, tsh.length)));
    }

    @Override
    public Batch getBatch(int[] indices) {
        for (int i : indices) Dataset.checkIndex("TensorDataset.getBatch", i, n);
        Tensor bx = rows(x, indices);
        if (labels != null) return new Batch(bx, rows(labels, indices));
        return new Batch(bx, rows(targets, indices));
    }

    // rows idx of a contiguous tensor t (n, ...) as a new tensor (k, ...)
    static Tensor rows(Tensor t, int[] idx) {
        int[] s = t.shape();
        int inner = Shape.numel(Arrays.copyOfRange(s, 1, s.length));
        int[] os = s.clone();
        os[0] = idx.length;
        float[] out = new float[idx.length * inner];
        Gather.indexSelect(t.storage(), t.storageOffset(), 1, s[0], inner, idx, out);
        return Tensor.wrap(out, os);
    }

    static IntTensor rows(IntTensor t, int[] idx) {
        int[] s = t.shape();
        int inner = Shape.numel(Arrays.copyOfRange(s, 1, s.length));
        int[] os = s.clone();
        os[0] = idx.length;
        int[] src = t.storage(), out = new int[idx.length * inner];
        for (int j = 0; j < idx.length; j++) System.arraycopy(src, idx[j] * inner, out, j * inner, inner);
        return IntTensor.wrap(out, os);
    }
}
