package dev.nabla.ops;

import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/** Ops driven by integer indices: index_select, gather, scatter_add, embedding, one_hot. */
public final class IndexOps {
    private IndexOps() {}

    private static UnsupportedOperationException todo(String op) {
        return new UnsupportedOperationException(op + " is not implemented yet");
    }

    public static Tensor indexSelect(Tensor x, int dim, IntTensor index) { throw todo("indexSelect"); }

    public static Tensor gather(Tensor x, int dim, IntTensor index) { throw todo("gather"); }

    public static Tensor scatterAdd(Tensor x, int dim, IntTensor index, Tensor src) { throw todo("scatterAdd"); }

    /** Rows of weight (num, dim) picked by ids: output shape ids.shape + [dim]. */
    public static Tensor embedding(IntTensor ids, Tensor weight) { throw todo("embedding"); }

    /** One-hot rows as float: output shape ids.shape + [numClasses]. */
    public static Tensor oneHot(IntTensor ids, int numClasses) { throw todo("oneHot"); }
}
