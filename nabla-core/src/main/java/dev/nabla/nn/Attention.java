package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * The result of scaled dot-product attention: output (..., T, Ev) and the attention weights (..., T, S) after masking,
 * softmax and dropout (the matrix that multiplied the values, as torch's MultiheadAttention returns it).
 */
public record Attention(Tensor output, Tensor weights) {}
