package dev.nabla.tensor;

import java.util.Arrays;

/**
 * A contiguous int32 tensor for token ids, class labels, gather/scatter indices and boolean masks (0/1).
 * Never differentiable.
 */
public final class IntTensor {
    private final int[] data;
    private final int[] shape;

    private IntTensor(int[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** Wraps a row-major array without copying. */
    public static IntTensor wrap(int[] data, int... shape) {
        Shape.checkSizes("IntTensor.wrap", shape);
        int n = Shape.numel(shape);
        if (data.length != n)
            throw new IllegalArgumentException("IntTensor: " + data.length + " values do not fill shape " + Shape.str(shape) + " (" + n + " elements)");
        return new IntTensor(data, shape.clone());
    }

    public static IntTensor of(int[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    /** A 1-D tensor of these values. */
    public static IntTensor of(int... values) {
        return wrap(values.clone(), values.length);
    }

    public static IntTensor of(int[][] rows) {
        int m = rows.length, n = m == 0 ? 0 : rows[0].length;
        int[] d = new int[m * n];
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n) throw new IllegalArgumentException("IntTensor.of: row " + i + " has " + rows[i].length + " values, row 0 has " + n);
            System.arraycopy(rows[i], 0, d, i * n, n);
        }
        return wrap(d, m, n);
    }

    public static IntTensor scalar(int v) {
        return wrap(new int[] {v});
    }

    public static IntTensor zeros(int... shape) {
        Shape.checkSizes("IntTensor.zeros", shape);
        return wrap(new int[Shape.numel(shape)], shape);
    }

    public static IntTensor full(int value, int... shape) {
        Shape.checkSizes("IntTensor.full", shape);
        int[] d = new int[Shape.numel(shape)];
        Arrays.fill(d, value);
        return wrap(d, shape);
    }

    /** 0, 1, ..., end-1 */
    public static IntTensor arange(int end) {
        if (end < 0) throw new IllegalArgumentException("IntTensor.arange: end must be >= 0, got " + end);
        int[] d = new int[end];
        for (int i = 0; i < end; i++) d[i] = i;
        return wrap(d, end);
    }

    /** Uniform integers in [low, high), like torch.randint. */
    public static IntTensor randint(Generator g, int low, int high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: expected low < high, got low=" + low + ", high=" + high);
        Shape.checkSizes("randint", shape);
        int[] d = new int[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = low + g.nextInt(high - low);
        return wrap(d, shape);
    }

    public static IntTensor randint(int low, int high, int... shape) {
        return randint(Generator.global(), low, high, shape);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size(int dim) {
        return shape[Shape.dim("size", dim, shape.length)];
    }

    public int dim() {
        return shape.length;
    }

    public int numel() {
        return data.length;
    }

    /** The backing array (row-major, not copied): for kernels. */
    public int[] storage() {
        return data;
    }

    public int[] toArray() {
        return data.clone();
    }

    public int item() {
        if (data.length != 1)
            throw new IllegalStateException("item: only a tensor with one element can be converted to a number, this one has shape " + Shape.str(shape));
        return data[0];
    }

    public int get(int... index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank " + shape.length);
        int p = 0;
        for (int i = 0; i < index.length; i++) {
            int k = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (k < 0 || k >= shape[i])
                throw new IndexOutOfBoundsException("get: index " + index[i] + " is out of bounds for dim " + i + " of size " + shape[i]);
            p = p * shape[i] + k;
        }
        return data[p];
    }

    /** Same data, new shape (one size may be -1). */
    public IntTensor reshape(int... newShape) {
        return new IntTensor(data, Shape.infer("reshape", newShape, data.length));
    }

    public IntTensor unsqueeze(int dim) {
        int d = Shape.dim("unsqueeze", dim, shape.length + 1);
        int[] s = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) s[i] = i == d ? 1 : shape[j++];
        return new IntTensor(data, s);
    }

    /** The values as a float tensor. */
    public Tensor toFloat() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) f[i] = data[i];
        return Tensor.wrap(f, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return TensorFormat.repr(this);
    }
}
