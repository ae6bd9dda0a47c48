package dev.nabla.nn;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/** Weight initialisation in place, as torch.nn.init, from a seeded generator. */
public final class Init {
    private Init() {}

    /** fan_in and fan_out of a weight (out, in, *kernel), as torch's _calculate_fan_in_and_fan_out. */
    public static int[] fans(Tensor w) {
        int[] s = w.shape();
        if (s.length < 2) throw new IllegalArgumentException("Init.fans: fan in and fan out need at least 2 dims, got shape " + java.util.Arrays.toString(s));
        int receptive = 1;
        for (int i = 2; i < s.length; i++) receptive *= s[i];
        return new int[] {s[1] * receptive, s[0] * receptive};
    }

    public static Tensor uniform_(Tensor t, float low, float high, Generator g) {
        try (var ignored = NoGrad.enter()) {
            return t.uniform_(g, low, high);
        }
    }

    public static Tensor normal_(Tensor t, float mean, float std, Generator g) {
        try (var ignored = NoGrad.enter()) {
            return t.normal_(g, mean, std);
        }
    }

    public static Tensor constant_(Tensor t, float v) {
        try (var ignored = NoGrad.enter()) {
            return t.fill_(v);
        }
    }

    /** kaiming_uniform_ with leaky-ReLU slope a, fan_in mode: U(-b, b), b = gain·√(3/fan_in), gain = √(2/(1+a²)). */
    public static Tensor kaimingUniform_(Tensor w, double a, Generator g) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        float bound = (float) (gain * Math.sqrt(3.0 / fans(w)[0]));
        return uniform_(w, -bound, bound, g);
    }

    /** xavier_uniform_: U(-b, b), b = gain·√(6/(fan_in+fan_out)). */
    public static Tensor xavierUniform_(Tensor w, double gain, Generator g) {
        int[] f = fans(w);
        float bound = (float) (gain * Math.sqrt(6.0 / (f[0] + f[1])));
        return uniform_(w, -bound, bound, g);
    }
}
