package dev.nabla.tensor;

import dev.nabla.autograd.Autograd;
import dev.nabla.autograd.GradMode;
import dev.nabla.autograd.Node;
import dev.nabla.kernel.Strided;
import dev.nabla.kernel.VectorOps;
import dev.nabla.ops.IndexOps;
import dev.nabla.ops.LinearAlgebra;
import dev.nabla.ops.Pointwise;
import dev.nabla.ops.Reductions;
import dev.nabla.ops.ShapeOps;
import dev.nabla.ops.Views;

import java.util.Arrays;
import java.util.List;

/**
 * A float32 tensor: a view (offset, shape, strides) on a storage array, with the autograd state of
 * torch.Tensor (requiresGrad, grad, gradFn). Methods follow PyTorch's names; each op is defined once in
 * {@code dev.nabla.ops}, where its forward kernel and backward formula sit side by side.
 */
public final class Tensor {
    private final float[] data;
    private final int offset;
    private final int[] shape;
    private final int[] strides;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;

    private Tensor(float[] data, int offset, int[] shape, int[] strides) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    // ---------------------------------------------------------------- construction (no copies)

    /** Wraps a row-major array as a contiguous tensor of this shape, without copying. */
    public static Tensor wrap(float[] data, int... shape) {
        Shape.checkSizes("wrap", shape);
        int n = Shape.numel(shape);
        if (data.length != n)
            throw new IllegalArgumentException("wrap: " + data.length + " values do not fill shape " + Shape.str(shape) + " (" + n + " elements)");
        return new Tensor(data, 0, shape.clone(), Shape.contiguousStrides(shape));
    }

    /** A view on this tensor's storage (no copy, no autograd): the building block of view ops. */
    public Tensor viewOf(int offset, int[] shape, int[] strides) {
        return new Tensor(data, offset, shape, strides);
    }

    // ---------------------------------------------------------------- creation

    /** A tensor holding a copy of {@code values} in this shape (row-major). */
    public static Tensor of(float[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    /** A 1-D tensor of these values. */
    public static Tensor of(float... values) {
        return wrap(values.clone(), values.length);
    }

    /** A 2-D tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int m = rows.length, n = m == 0 ? 0 : rows[0].length;
        float[] d = new float[m * n];
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n)
                throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " values, row 0 has " + n);
            System.arraycopy(rows[i], 0, d, i * n, n);
        }
        return wrap(d, m, n);
    }

    /** A 0-d tensor. */
    public static Tensor scalar(float v) {
        return wrap(new float[] {v});
    }

    public static Tensor zeros(int... shape) {
        Shape.checkSizes("zeros", shape);
        return wrap(new float[Shape.numel(shape)], shape);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        Shape.checkSizes("full", shape);
        float[] d = new float[Shape.numel(shape)];
        Arrays.fill(d, value);
        return wrap(d, shape);
    }

    public static Tensor zerosLike(Tensor t) {
        return zeros(t.shape);
    }

    public static Tensor onesLike(Tensor t) {
        return ones(t.shape);
    }

    public static Tensor fullLike(Tensor t, float value) {
        return full(value, t.shape);
    }

    /** 0, 1, ..., end-1 */
    public static Tensor arange(float end) {
        return TensorFactory.arange(0, end, 1);
    }

    /** start, start+step, ... (end excluded) */
    public static Tensor arange(float start, float end, float step) {
        return TensorFactory.arange(start, end, step);
    }

    /** {@code steps} evenly spaced values from start to end inclusive. */
    public static Tensor linspace(float start, float end, int steps) {
        return TensorFactory.linspace(start, end, steps);
    }

    public static Tensor eye(int n) {
        return TensorFactory.eye(n, n);
    }

    public static Tensor eye(int n, int m) {
        return TensorFactory.eye(n, m);
    }

    /** Uniform in [0, 1) from the default generator. */
    public static Tensor rand(int... shape) {
        return rand(Generator.global(), shape);
    }

    public static Tensor rand(Generator g, int... shape) {
        return zeros(shape).uniform_(g, 0f, 1f);
    }

    /** Standard normal from the default generator. */
    public static Tensor randn(int... shape) {
        return randn(Generator.global(), shape);
    }

    public static Tensor randn(Generator g, int... shape) {
        return zeros(shape).normal_(g, 0f, 1f);
    }

    // ---------------------------------------------------------------- metadata and data

    public int[] shape() {
        return shape.clone();
    }

    /** Size of one dim (negative counts from the end). */
    public int size(int dim) {
        return shape[Shape.dim("size", dim, shape.length)];
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return Shape.numel(shape);
    }

    public int[] strides() {
        return strides.clone();
    }

    /** The backing array (shared with views): for kernels. Index it with {@link #storageOffset()} and {@link #strides()}. */
    public float[] storage() {
        return data;
    }

    public int storageOffset() {
        return offset;
    }

    public boolean isContiguous() {
        if (numel() == 0) return true;
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != s) return false;
            s *= shape[i];
        }
        return true;
    }

    /** The values in row-major order, as a new array. */
    public float[] toArray() {
        float[] out = new float[numel()];
        if (out.length == 0) return out;
        if (isContiguous()) System.arraycopy(data, offset, out, 0, out.length);
        else Strided.copy(data, offset, shape, strides, out, 0);
        return out;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1)
            throw new IllegalStateException("item: only a tensor with one element can be converted to a number, this one has shape " + Shape.str(shape));
        return data[offset];
    }

    /** The element at these indices (negative indices count from the end). */
    public float get(int... index) {
        return data[flatIndex("get", index)];
    }

    private int flatIndex(String op, int[] index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException(op + ": " + index.length + " indices for a tensor of rank " + shape.length);
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            int k = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (k < 0 || k >= shape[i])
                throw new IndexOutOfBoundsException(op + ": index " + index[i] + " is out of bounds for dim " + i + " of size " + shape[i]);
            p += k * strides[i];
        }
        return p;
    }

    @Override
    public String toString() {
        return TensorFormat.repr(this);
    }

    // ---------------------------------------------------------------- autograd

    /** True for a leaf that asked for gradients, or for any result of an op recorded in the graph. */
    public boolean requiresGrad() {
        return requiresGrad || gradFn != null;
    }

    /** Marks a leaf as needing gradients (like requires_grad_). Returns this. */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null && !on)
            throw new IllegalStateException("requiresGrad(false): this tensor is not a leaf (it has grad_fn " + gradFn
                    + "); use detach() to get a tensor outside the graph");
        requiresGrad = on;
        return this;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient, or null. */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape))
            throw new IllegalArgumentException("setGrad: gradient of shape " + Shape.str(g.shape) + " for a tensor of shape " + Shape.str(shape));
        grad = g;
    }

    /** Drops the accumulated gradient (PyTorch's zero_grad with set_to_none). */
    public void zeroGrad() {
        grad = null;
    }

    public Node gradFn() {
        return gradFn;
    }

    /** Used by {@link Autograd#record}; not for user code. */
    public void setGradFn(Node node) {
        gradFn = node;
    }

    /** Keeps this non-leaf tensor's gradient in {@link #grad()} after backward (retain_grad). */
    public Tensor retainGrad() {
        Autograd.retainGrad(this);
        return this;
    }

    /** Backward from a scalar. */
    public void backward() {
        Autograd.backward(this, null, false);
    }

    /** Backward with an upstream gradient of this tensor's shape. */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false);
    }

    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph);
    }

    /** The same values outside the graph (shares storage). */
    public Tensor detach() {
        return new Tensor(data, offset, shape, strides);
    }

    // ---------------------------------------------------------------- in-place (optimizers, initialisation)

    private void checkInPlace(String op) {
        if (GradMode.isEnabled() && requiresGrad())
            throw new IllegalStateException(op + ": a tensor that requires grad cannot be modified in place while grad mode is on; "
                    + "do it inside try (var g = NoGrad.enter()) { ... }");
    }

    /** Element-wise visit of this tensor's storage positions in row-major order. */
    private void forEachPosition(java.util.function.IntConsumer f) {
        int rows = Strided.rowCount(shape);
        int[] zero = new int[shape.length];
        int s = shape.length == 0 ? 1 : strides[shape.length - 1];
        Strided.rows(shape, offset, strides, 0, zero, 0, rows, (o, a, b, n) -> {
            for (int i = 0; i < n; i++) f.accept(a + i * s);
        });
    }

    public Tensor fill_(float v) {
        checkInPlace("fill_");
        if (isContiguous()) Arrays.fill(data, offset, offset + numel(), v);
        else forEachPosition(p -> data[p] = v);
        return this;
    }

    public Tensor zero_() {
        return fill_(0f);
    }

    /** Copies values from src (broadcast to this shape). */
    public Tensor copy_(Tensor src) {
        checkInPlace("copy_");
        if (sameLayoutRun(src)) {
            System.arraycopy(src.data, src.offset, data, offset, numel());
            return this;
        }
        float[] v = src.expand(shape).toArray();
        int[] k = {0};
        forEachPosition(p -> data[p] = v[k[0]++]);
        return this;
    }

    /** this += alpha * other (other broadcast to this shape). */
    public Tensor add_(Tensor other, float alpha) {
        checkInPlace("add_");
        if (sameLayoutRun(other)) {
            VectorOps.get().axpy(alpha, other.data, other.offset, data, offset, numel());
            return this;
        }
        float[] v = other.expand(shape).toArray();
        int[] k = {0};
        forEachPosition(p -> data[p] += alpha * v[k[0]++]);
        return this;
    }

    public Tensor mul_(float s) {
        checkInPlace("mul_");
        if (isContiguous()) VectorOps.get().scaleShift(data, offset, s, 0f, data, offset, numel());
        else forEachPosition(p -> data[p] *= s);
        return this;
    }

    /** this += v */
    public Tensor add_(float v) {
        checkInPlace("add_");
        if (isContiguous()) VectorOps.get().scaleShift(data, offset, 1f, v, data, offset, numel());
        else forEachPosition(p -> data[p] += v);
        return this;
    }

    /** Both contiguous with one shape, and not overlapping unless identical: then one flat loop does an in-place op. */
    private boolean sameLayoutRun(Tensor o) {
        return isContiguous() && o.isContiguous() && Arrays.equals(shape, o.shape) && (o.data != data || o.offset == offset);
    }

    /** Fills with uniform values in [low, high), in row-major order from the generator. */
    public Tensor uniform_(Generator g, float low, float high) {
        checkInPlace("uniform_");
        if (isContiguous()) for (int p = offset, e = offset + numel(); p < e; p++) data[p] = low + (high - low) * g.nextFloat();
        else forEachPosition(p -> data[p] = low + (high - low) * g.nextFloat());
        return this;
    }

    /** Fills with normal values, in row-major order from the generator. */
    public Tensor normal_(Generator g, float mean, float std) {
        checkInPlace("normal_");
        if (isContiguous()) for (int p = offset, e = offset + numel(); p < e; p++) data[p] = (float) (mean + std * g.nextGaussian());
        else forEachPosition(p -> data[p] = (float) (mean + std * g.nextGaussian()));
        return this;
    }

    // ---------------------------------------------------------------- views and layout (Views)

    /** This tensor if contiguous, else a contiguous copy (differentiable). */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.contiguous(this);
    }

    /** A contiguous copy that never shares storage with this tensor (not recorded in the graph). */
    public Tensor contiguousCopy() {
        return wrap(toArray(), shape);
    }

    /** Reshape, as a view when the layout allows (one size may be -1). */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Like reshape, but fails rather than copying when this tensor is not contiguous. */
    public Tensor view(int... newShape) {
        return Views.view(this, newShape);
    }

    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** Transpose of a 2-D tensor (1-D and 0-D tensors are returned as they are). */
    public Tensor t() {
        if (shape.length > 2) throw new IllegalArgumentException("t: expects a tensor of rank <= 2, got shape " + Shape.str(shape) + "; use transpose(dim0, dim1)");
        return shape.length < 2 ? this : transpose(0, 1);
    }

    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** Broadcasts to a larger shape as a view; -1 keeps a size. */
    public Tensor expand(int... sizes) {
        return Views.expand(this, sizes);
    }

    public Tensor squeeze() {
        return Views.squeeze(this);
    }

    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    public Tensor flatten() {
        return flatten(0, -1);
    }

    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    // ---------------------------------------------------------------- slicing and joining (ShapeOps)

    public Tensor narrow(int dim, int start, int length) {
        return ShapeOps.narrow(this, dim, start, length);
    }

    /** Python's x[start:end:step] along one dim (negative start/end count from the end; clamped like Python). */
    public Tensor slice(int dim, int start, int end, int step) {
        return ShapeOps.slice(this, dim, start, end, step);
    }

    /** x[index] along one dim: removes the dim. */
    public Tensor select(int dim, int index) {
        return ShapeOps.select(this, dim, index);
    }

    public static Tensor cat(List<Tensor> tensors, int dim) {
        return ShapeOps.cat(tensors, dim);
    }

    public static Tensor stack(List<Tensor> tensors, int dim) {
        return ShapeOps.stack(tensors, dim);
    }

    /** Pieces of {@code splitSize} along dim (the last may be smaller). */
    public List<Tensor> split(int splitSize, int dim) {
        return ShapeOps.split(this, splitSize, dim);
    }

    /** Pieces of the given sizes along dim. */
    public List<Tensor> split(int[] sizes, int dim) {
        return ShapeOps.split(this, sizes, dim);
    }

    public List<Tensor> chunk(int chunks, int dim) {
        return ShapeOps.chunk(this, chunks, dim);
    }

    /** Constant padding; {@code pad} lists (before, after) pairs from the last dim backwards, as torch.nn.functional.pad. */
    public Tensor pad(int[] pad, float value) {
        return ShapeOps.pad(this, pad, value);
    }

    // ---------------------------------------------------------------- indexing (IndexOps)

    public Tensor indexSelect(int dim, IntTensor index) {
        return IndexOps.indexSelect(this, dim, index);
    }

    public Tensor gather(int dim, IntTensor index) {
        return IndexOps.gather(this, dim, index);
    }

    /** Out-of-place scatter_add: a copy of this with src added at index along dim. */
    public Tensor scatterAdd(int dim, IntTensor index, Tensor src) {
        return IndexOps.scatterAdd(this, dim, index, src);
    }

    /** Where mask is true, value; elsewhere this (mask broadcast to this shape). */
    public Tensor maskedFill(IntTensor mask, float value) {
        return Pointwise.maskedFill(this, mask, value);
    }

    /** Elementwise choice: a where cond is true, else b (all three broadcast). */
    public static Tensor where(IntTensor cond, Tensor a, Tensor b) {
        return Pointwise.where(cond, a, b);
    }

    // ---------------------------------------------------------------- arithmetic (Pointwise)

    public Tensor add(Tensor other) {
        return Pointwise.add(this, other);
    }

    public Tensor add(float other) {
        return Pointwise.add(this, other);
    }

    public Tensor sub(Tensor other) {
        return Pointwise.sub(this, other);
    }

    public Tensor sub(float other) {
        return Pointwise.sub(this, other);
    }

    public Tensor mul(Tensor other) {
        return Pointwise.mul(this, other);
    }

    public Tensor mul(float other) {
        return Pointwise.mul(this, other);
    }

    public Tensor div(Tensor other) {
        return Pointwise.div(this, other);
    }

    public Tensor div(float other) {
        return Pointwise.div(this, other);
    }

    public Tensor neg() {
        return Pointwise.neg(this);
    }

    public Tensor pow(Tensor exponent) {
        return Pointwise.pow(this, exponent);
    }

    public Tensor pow(float exponent) {
        return Pointwise.pow(this, exponent);
    }

    public Tensor exp() {
        return Pointwise.exp(this);
    }

    public Tensor log() {
        return Pointwise.log(this);
    }

    public Tensor sqrt() {
        return Pointwise.sqrt(this);
    }

    public Tensor rsqrt() {
        return Pointwise.rsqrt(this);
    }

    public Tensor abs() {
        return Pointwise.abs(this);
    }

    public Tensor sin() {
        return Pointwise.sin(this);
    }

    public Tensor cos() {
        return Pointwise.cos(this);
    }

    public Tensor tanh() {
        return Pointwise.tanh(this);
    }

    public Tensor sigmoid() {
        return Pointwise.sigmoid(this);
    }

    public Tensor relu() {
        return Pointwise.relu(this);
    }

    public Tensor leakyRelu(float negativeSlope) {
        return Pointwise.leakyRelu(this, negativeSlope);
    }

    /** Exact GELU, x·Φ(x). */
    public Tensor gelu() {
        return Pointwise.gelu(this, "none");
    }

    /** GELU with {@code approximate} "none" (exact) or "tanh", as torch.nn.functional.gelu. */
    public Tensor gelu(String approximate) {
        return Pointwise.gelu(this, approximate);
    }

    public Tensor silu() {
        return Pointwise.silu(this);
    }

    /** softplus(x) = log(1 + exp(beta·x)) / beta, linear above threshold (as PyTorch). */
    public Tensor softplus(float beta, float threshold) {
        return Pointwise.softplus(this, beta, threshold);
    }

    public Tensor softplus() {
        return softplus(1f, 20f);
    }

    /** Clamp into [min, max]; use ±infinity for a one-sided clamp. */
    public Tensor clamp(float min, float max) {
        return Pointwise.clamp(this, min, max);
    }

    public Tensor maximum(Tensor other) {
        return Pointwise.maximum(this, other);
    }

    public Tensor minimum(Tensor other) {
        return Pointwise.minimum(this, other);
    }

    // comparisons: boolean masks as 0/1 int tensors
    public IntTensor gt(float v) {
        return Pointwise.compare(this, v, Pointwise.Cmp.GT);
    }

    public IntTensor lt(float v) {
        return Pointwise.compare(this, v, Pointwise.Cmp.LT);
    }

    public IntTensor ge(float v) {
        return Pointwise.compare(this, v, Pointwise.Cmp.GE);
    }

    public IntTensor le(float v) {
        return Pointwise.compare(this, v, Pointwise.Cmp.LE);
    }

    public IntTensor eq(float v) {
        return Pointwise.compare(this, v, Pointwise.Cmp.EQ);
    }

    // ---------------------------------------------------------------- reductions (Reductions)

    /** Sum of all elements (0-d). */
    public Tensor sum() {
        return Reductions.sum(this, new int[0], false);
    }

    public Tensor sum(int dim) {
        return Reductions.sum(this, new int[] {dim}, false);
    }

    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum(this, new int[] {dim}, keepdim);
    }

    /** Sum over several dims (empty: all). */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum(this, dims, keepdim);
    }

    public Tensor mean() {
        return Reductions.mean(this, new int[0], false);
    }

    public Tensor mean(int dim) {
        return Reductions.mean(this, new int[] {dim}, false);
    }

    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims, keepdim);
    }

    /** Variance with Bessel's correction by default (correction 1), as torch.var. */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return Reductions.var(this, dims, correction, keepdim);
    }

    public Tensor var() {
        return var(new int[0], 1, false);
    }

    public Tensor std(int[] dims, int correction, boolean keepdim) {
        return Reductions.std(this, dims, correction, keepdim);
    }

    public Tensor std() {
        return std(new int[0], 1, false);
    }

    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Reductions.logsumexp(this, dims, keepdim);
    }

    public Tensor logsumexp(int dim) {
        return logsumexp(new int[] {dim}, false);
    }

    /** Maximum of all elements (0-d). */
    public Tensor max() {
        return Reductions.max(this);
    }

    /** Maximum along a dim, with the index where it occurs (first occurrence). */
    public ValuesIndices max(int dim, boolean keepdim) {
        return Reductions.max(this, dim, keepdim);
    }

    public Tensor min() {
        return Reductions.min(this);
    }

    public ValuesIndices min(int dim, boolean keepdim) {
        return Reductions.min(this, dim, keepdim);
    }

    /** Index of the maximum of the flattened tensor (0-d). */
    public IntTensor argmax() {
        return Reductions.argmax(this);
    }

    public IntTensor argmax(int dim, boolean keepdim) {
        return Reductions.argmax(this, dim, keepdim);
    }

    public Tensor softmax(int dim) {
        return Reductions.softmax(this, dim);
    }

    public Tensor logSoftmax(int dim) {
        return Reductions.logSoftmax(this, dim);
    }

    // ---------------------------------------------------------------- linear algebra

    /** torch.matmul: vector·vector, matrix·vector, matrix·matrix, and batched with broadcast batch dims. */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }
}
