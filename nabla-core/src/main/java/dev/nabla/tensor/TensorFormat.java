package dev.nabla.tensor;

/** Printing like PyTorch's repr: tensor([[...]]), abbreviated for large tensors. */
final class TensorFormat {
    private TensorFormat() {}

    static String repr(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        float[] v = t.toArray();
        appendFloats(sb, v, t.shape(), 0, 0, "tensor(".length());
        if (t.gradFn() != null) sb.append(", grad_fn=").append(t.gradFn());
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    static String repr(IntTensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        int[] v = t.toArray();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        appendInts(sb, v, t.shape(), 0, 0, "tensor(".length());
        return sb.append(')').toString();
    }

    private static int appendFloats(StringBuilder sb, float[] v, int[] shape, int dim, int pos, int indent) {
        if (shape.length == 0) {
            sb.append(String.format("%.4f", v[0]));
            return 1;
        }
        sb.append('[');
        int n = shape[dim];
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
            if (dim == shape.length - 1) sb.append(String.format("%.4f", v[pos++]));
            else pos = appendFloats(sb, v, shape, dim + 1, pos, indent);
        }
        sb.append(']');
        return pos;
    }

    private static int appendInts(StringBuilder sb, int[] v, int[] shape, int dim, int pos, int indent) {
        if (shape.length == 0) {
            sb.append(v[0]);
            return 1;
        }
        sb.append('[');
        int n = shape[dim];
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
            if (dim == shape.length - 1) sb.append(v[pos++]);
            else pos = appendInts(sb, v, shape, dim + 1, pos, indent);
        }
        sb.append(']');
        return pos;
    }
}
