package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** y_k = x1ᵀ·W_k·x2 + b_k with W (out, in1, in2), b (out), both U(±1/√in1), as torch.nn.Bilinear. */
public class Bilinear extends Module {
    public final int in1Features, in2Features, outFeatures;
    public final Tensor weight, bias;

    public Bilinear(int in1Features, int in2Features, int outFeatures) {
        this(in1Features, in2Features, outFeatures, true, Generator.global());
    }

    public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias, Generator g) {
        if (in1Features <= 0 || in2Features <= 0 || outFeatures < 0)
            throw new IllegalArgumentException("Bilinear: need positive input sizes and a non-negative output size, got "
                    + in1Features + ", " + in2Features + ", " + outFeatures);
        this.in1Features = in1Features;
        this.in2Features = in2Features;
        this.outFeatures = outFeatures;
        weight = registerParameter("weight", Tensor.zeros(outFeatures, in1Features, in2Features));
        this.bias = registerParameter("bias", bias ? Tensor.zeros(outFeatures) : null);
        float bound = (float) (1 / Math.sqrt(in1Features));
        Init.uniform_(weight, -bound, bound, g);
        if (bias) Init.uniform_(this.bias, -bound, bound, g);
    }

    /** x1 (..., in1) and x2 (..., in2) with the same leading dims; output (..., out). */
    public Tensor forward(Tensor x1, Tensor x2) {
        int[] s1 = x1.shape(), s2 = x2.shape();
        if (s1.length == 0 || s2.length != s1.length || s1[s1.length - 1] != in1Features || s2[s2.length - 1] != in2Features
                || !Arrays.equals(Arrays.copyOf(s1, s1.length - 1), Arrays.copyOf(s2, s2.length - 1)))
            throw new IllegalArgumentException("Bilinear: expected inputs (..., " + in1Features + ") and (..., " + in2Features
                    + ") with the same leading dims, got " + Shape.str(s1) + " and " + Shape.str(s2));
        int[] lead = Arrays.copyOf(s1, s1.length - 1);
        int b = Shape.numel(lead);
        // x1 · W viewed as (in1, out·in2), then contract with x2 over in2
        Tensor w = weight.permute(1, 0, 2).reshape(in1Features, outFeatures * in2Features);
        Tensor t = x1.reshape(b, in1Features).matmul(w).reshape(b, outFeatures, in2Features);
        Tensor y = t.mul(x2.reshape(b, 1, in2Features)).sum(2);
        if (bias != null) y = y.add(bias);
        int[] outShape = Arrays.copyOf(lead, lead.length + 1);
        outShape[lead.length] = outFeatures;
        return y.reshape(outShape);
    }

    @Override
    protected String extraRepr() {
        return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures + ", bias=" + Repr.bool(bias != null);
    }
}
