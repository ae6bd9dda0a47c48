package dev.nabla.golden;

import dev.nabla.nn.F;
import dev.nabla.nn.Reduction;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.Map;

import static java.util.Map.entry;

class NnGoldenTest extends GoldenTest {
    @Override
    protected String family() {
        return "nn";
    }

    /** Optional trailing float input k when its flag (default true) says it is present, else null. */
    private static Tensor opt(Args a, int k, boolean present) {
        return present ? a.t(k) : null;
    }

    private static Reduction red(Args a) {
        return Reduction.of(a.s("reduction", "mean"));
    }

    private static Tensor conv(Args a, boolean twoD) {
        Tensor b = opt(a, 2, a.b("has_bias", true));
        int groups = a.i("groups", 1);
        if (!twoD) return F.conv1d(a.t(0), a.t(1), b, a.i("stride", 1), a.i("padding", 0), a.i("dilation", 1), groups);
        return F.conv2d(a.t(0), a.t(1), b, a.ints("stride", new int[] {1}), a.ints("padding", new int[] {0}), a.ints("dilation", new int[] {1}), groups);
    }

    @Override
    protected Map<String, OpFn> ops() {
        return Map.ofEntries(
                entry("layer_norm", a -> {
                    boolean w = a.b("weight", true), b = a.b("bias", true);
                    return F.layerNorm(a.t(0), a.ints("normalized_shape"), opt(a, 1, w), opt(a, w ? 2 : 1, b), a.f("eps", 1e-5f));
                }),
                entry("dropout", a -> F.dropout(a.t(0), a.f("p"), a.b("training"), new Generator(0))),
                entry("cross_entropy", a -> F.crossEntropy(a.t(0), a.idx(1), red(a), a.i("ignore_index", -100), a.f("label_smoothing", 0f))),
                entry("cross_entropy_probs", a -> F.crossEntropy(a.t(0), a.t(1), red(a))),
                entry("nll_loss", a -> F.nllLoss(a.t(0), a.idx(1), red(a), a.i("ignore_index", -100))),
                entry("mse_loss", a -> F.mseLoss(a.t(0), a.t(1), red(a))),
                entry("l1_loss", a -> F.l1Loss(a.t(0), a.t(1), red(a))),
                entry("binary_cross_entropy", a -> F.binaryCrossEntropy(a.t(0), a.t(1), red(a))),
                entry("binary_cross_entropy_with_logits", a ->
                        F.binaryCrossEntropyWithLogits(a.t(0), a.t(1), opt(a, 2, a.b("pos_weight", false)), red(a))),
                entry("conv1d", a -> conv(a, false)),
                entry("conv2d", a -> conv(a, true)),
                entry("max_pool2d", a -> F.maxPool2d(a.t(0), a.ints("kernel_size"), a.has("stride") ? a.ints("stride") : null, a.ints("padding", new int[] {0}))),
                entry("avg_pool2d", a -> F.avgPool2d(a.t(0), a.ints("kernel_size"), a.has("stride") ? a.ints("stride") : null,
                        a.ints("padding", new int[] {0}), a.b("count_include_pad", true))));
    }
}
