package dev.nabla.golden;

/** Runs one op in nabla on a golden case's arguments: returns a Tensor, an IntTensor, a ValuesIndices or a List of them. */
@FunctionalInterface
public interface OpFn {
    Object apply(Args a);
}
