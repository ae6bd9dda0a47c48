package dev.nabla.tensor;

/** The result of max/min along a dim: the values (differentiable) and where they were. */
public record ValuesIndices(Tensor values, IntTensor indices) {}
