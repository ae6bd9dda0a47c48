package dev.nabla.data;

/** The examples of a dataset at given indices, as torch.utils.data.Subset; batches map indices and keep one gather. */
public final class Subset<T> implements Dataset<T> {
    private final Dataset<T> base;
    private final int[] indices;

    public Subset(Dataset<T> base, int[] indices) {
        for (int i : indices) Dataset.checkIndex("Subset", i, base.size());
        this.base = base;
        this.indices = indices.clone();
    }

    public Dataset<T> base() {
        return base;
    }

    /** The indices into the base dataset (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public T get(int index) {
        Dataset.checkIndex("Subset.get", index, indices.length);
        return base.get(indices[index]);
    }

    @Override
    public T getBatch(int[] idx) {
        int[] mapped = new int[idx.length];
        for (int j = 0; j < idx.length; j++) {
            Dataset.checkIndex("Subset.getBatch", idx[j], indices.length);
            mapped[j] = indices[idx[j]];
        }
        return base.getBatch(mapped);
    }
}
