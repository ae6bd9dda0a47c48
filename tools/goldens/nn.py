"""torch.nn.functional layers and losses: layer norm, dropout (deterministic cases), losses, convolution, pooling.

Optional tensor arguments are passed as trailing inputs, with a flag kwarg saying whether each is present.
"""
import torch
import torch.nn.functional as F

from golden import Suite, int_values, ints, positive, randn, uniform, values


def _layer_norm(x, *wb, normalized_shape, eps=1e-5, weight=True, bias=True):
    it = iter(wb)
    w = next(it) if weight else None
    b = next(it) if bias else None
    return F.layer_norm(x, normalized_shape, w, b, eps)


def _bce_logits(x, y, *pw, reduction="mean", pos_weight=False):
    return F.binary_cross_entropy_with_logits(x, y, pos_weight=pw[0] if pos_weight else None, reduction=reduction)


def _conv(fn):
    def run(x, w, *b, has_bias=True, **kw):
        return fn(x, w, b[0] if has_bias else None, **kw)
    return run


def build():
    s = Suite("nn")

    # ---------------------------------------------------------------- layer_norm
    s.op("layer_norm", _layer_norm, atol=1e-5, rtol=1e-4, grad_atol=1e-4, grad_rtol=1e-4)
    s.case("layer_norm", [randn(4, 6), randn(6), randn(6)], normalized_shape=[6])
    s.case("layer_norm", [randn(2, 3, 4, 5), randn(4, 5), randn(4, 5)], normalized_shape=[4, 5])
    s.case("layer_norm", [randn(3, 5, layout="transposed"), randn(5, layout="strided"), randn(5, layout="offset")], normalized_shape=[5])
    s.case("layer_norm", [randn(2, 7)], normalized_shape=[7], weight=False, bias=False)
    s.case("layer_norm", [randn(2, 7), randn(7)], normalized_shape=[7], bias=False)
    s.case("layer_norm", [randn(2, 7), randn(7)], normalized_shape=[7], weight=False)
    s.case("layer_norm", [randn(3, 4, scale=10), randn(4, grad=False), randn(4, grad=False)], normalized_shape=[4], eps=1e-3)
    s.case("layer_norm", [randn(6), randn(6), randn(6)], normalized_shape=[6])                        # no batch dims
    s.case("layer_norm", [randn(5, 1), randn(1), randn(1)], normalized_shape=[1])                     # one element: x̂ = 0
    s.case("layer_norm", [randn(0, 4), randn(4), randn(4)], normalized_shape=[4])                     # empty batch
    s.case("layer_norm", [randn(4, 64), randn(64), randn(64)], normalized_shape=[64])
    s.error("layer_norm", [randn(3, 4), randn(5), randn(5)], normalized_shape=[5])
    s.error("layer_norm", [randn(3, 4), randn(3), randn(4)], normalized_shape=[4])
    s.error("layer_norm", [randn(3, 4)], normalized_shape=[3, 4, 5], weight=False, bias=False)
    s.error("layer_norm", [randn(3, 4)], normalized_shape=[], weight=False, bias=False)

    # ---------------------------------------------------------------- dropout (PyTorch's RNG cannot be matched: identity cases)
    s.op("dropout", lambda x, p, training: F.dropout(x, p=p, training=training))
    s.case("dropout", [randn(3, 4)], p=0.0, training=True)
    s.case("dropout", [randn(3, 4, layout="transposed")], p=0.5, training=False)
    s.case("dropout", [randn(5)], p=1.0, training=False)
    s.case("dropout", [randn(0, 3)], p=0.0, training=True)
    s.error("dropout", [randn(3)], p=1.5, training=True)
    s.error("dropout", [randn(3)], p=-0.1, training=False)

    # ---------------------------------------------------------------- cross_entropy
    s.op("cross_entropy", lambda x, t, **kw: F.cross_entropy(x, t, **kw))
    s.case("cross_entropy", [randn(4, 5), ints(0, 5, 4)])
    s.case("cross_entropy", [randn(4, 5), ints(0, 5, 4)], reduction="sum")
    s.case("cross_entropy", [randn(4, 5), ints(0, 5, 4)], reduction="none")
    s.case("cross_entropy", [randn(5, 3, layout="transposed"), ints(0, 3, 5)])
    s.case("cross_entropy", [randn(4, 3, layout="strided", scale=5), ints(0, 3, 4)], reduction="none")
    s.case("cross_entropy", [randn(6, 4), int_values([0, -100, 3, 2, -100, 1])])                       # ignored targets
    s.case("cross_entropy", [randn(6, 4), int_values([0, -100, 3, 2, -100, 1])], reduction="none")
    s.case("cross_entropy", [randn(6, 4), int_values([0, 2, 3, 2, 2, 1])], ignore_index=2)
    s.case("cross_entropy", [randn(3, 4), int_values([-100, -100, -100])])                              # all ignored: nan
    s.case("cross_entropy", [randn(3, 4), int_values([-100, -100, -100])], reduction="sum")
    s.case("cross_entropy", [randn(5, 4), ints(0, 4, 5)], label_smoothing=0.1)
    s.case("cross_entropy", [randn(5, 4), ints(0, 4, 5)], label_smoothing=0.25, reduction="none")
    s.case("cross_entropy", [randn(5, 4), int_values([1, -100, 0, 3, -100])], label_smoothing=0.2)
    s.case("cross_entropy", [randn(5, 4), int_values([1, -100, 0, 3, -100])], label_smoothing=0.2, reduction="sum")
    s.case("cross_entropy", [randn(4, 3), ints(0, 3, 4)], label_smoothing=1.0)
    s.case("cross_entropy", [randn(2, 3, 4), ints(0, 3, 2, 4)])                                         # (N, C, d1)
    s.case("cross_entropy", [randn(2, 4, 3, 2), ints(0, 4, 2, 3, 2)], reduction="none")                # (N, C, d1, d2)
    s.case("cross_entropy", [randn(2, 4, 3, 2), int_values([[[0, 1], [-100, 3], [2, 2]], [[3, -100], [1, 0], [0, 1]]])],
           label_smoothing=0.1)
    s.case("cross_entropy", [randn(2, 3, 5, layout="transposed"), ints(0, 3, 2, 5)], reduction="sum")
    s.case("cross_entropy", [randn(5), int_values(2)])                                                  # unbatched
    s.case("cross_entropy", [randn(5), int_values(2)], reduction="none")
    s.case("cross_entropy", [randn(0, 3), ints(0, 3, 0)])            # empty: nan
    s.case("cross_entropy", [randn(0, 3), ints(0, 3, 0)], reduction="sum")
    s.case("cross_entropy", [values([[1000.0, 0.0, -1000.0], [-50.0, 50.0, 0.0]]), int_values([2, 0])], reduction="none")
    s.case("cross_entropy", [randn(32, 10), ints(0, 10, 32)])
    s.error("cross_entropy", [randn(3, 4), int_values([0, 4, 1])])                                      # out of range
    s.error("cross_entropy", [randn(3, 4), int_values([0, -1, 1])])
    s.error("cross_entropy", [randn(3, 4), ints(0, 4, 4)])                                              # batch mismatch
    s.error("cross_entropy", [randn(2, 3, 4), ints(0, 3, 2, 5)])
    s.error("cross_entropy", [randn(3, 4), ints(0, 4, 3)], label_smoothing=1.5)

    # ---------------------------------------------------------------- nll_loss
    s.op("nll_loss", lambda x, t, **kw: F.nll_loss(x, t, **kw))
    s.case("nll_loss", [randn(4, 5), ints(0, 5, 4)])
    s.case("nll_loss", [randn(4, 5), ints(0, 5, 4)], reduction="sum")
    s.case("nll_loss", [randn(4, 5, layout="transposed"), ints(0, 5, 4)], reduction="none")
    s.case("nll_loss", [randn(6, 3), int_values([0, -100, 2, 1, -100, 1])])
    s.case("nll_loss", [randn(6, 3), int_values([0, 1, 2, 1, 0, 1])], ignore_index=1, reduction="none")
    s.case("nll_loss", [randn(2, 3, 4), ints(0, 3, 2, 4)])
    s.case("nll_loss", [randn(2, 3, 2, 2, layout="offset"), ints(0, 3, 2, 2, 2)], reduction="sum")
    s.case("nll_loss", [randn(4), int_values(3)])
    s.case("nll_loss", [randn(2, 3), int_values([-100, -100])])
    s.error("nll_loss", [randn(3, 4), int_values([0, 7, 1])])
    s.error("nll_loss", [randn(3, 4), ints(0, 4, 3, 1)])

    # ---------------------------------------------------------------- mse_loss, l1_loss
    for op, fn in (("mse_loss", F.mse_loss), ("l1_loss", F.l1_loss)):
        s.op(op, lambda a, b, _fn=fn, **kw: _fn(a, b, **kw))
        s.case(op, [randn(3, 4), randn(3, 4)])
        s.case(op, [randn(3, 4), randn(3, 4)], reduction="sum")
        s.case(op, [randn(3, 4, layout="transposed"), randn(3, 4, layout="strided")], reduction="none")
        s.case(op, [randn(3, 4), randn(3, 4, grad=False)])
        s.case(op, [values([1.0, 2.0, -3.0, 0.5]), values([1.0, 0.0, -3.0, 2.0])])                   # equal elements: l1 kink
        s.case(op, [randn(2, 3), randn(3)], reduction="none")                                            # broadcast target
        s.case(op, [randn(5), randn(5)], reduction="mean")
        s.case(op, [randn(0, 2), randn(0, 2)], reduction="sum")
        s.case(op, [randn(), randn()])
        s.error(op, [randn(3, 4), randn(3, 5)])

    # ---------------------------------------------------------------- binary_cross_entropy
    s.op("binary_cross_entropy", lambda p, y, **kw: F.binary_cross_entropy(p, y, **kw))
    s.case("binary_cross_entropy", [uniform(3, 4, low=0.05, high=0.95), uniform(3, 4, low=0, high=1)])
    s.case("binary_cross_entropy", [uniform(3, 4, low=0.05, high=0.95), uniform(3, 4, low=0, high=1)], reduction="sum")
    s.case("binary_cross_entropy", [uniform(4, 3, low=0.05, high=0.95, layout="transposed"), uniform(4, 3, low=0, high=1, grad=False)],
           reduction="none")
    s.case("binary_cross_entropy", [values([0.0, 1.0, 0.0, 1.0, 0.5]), values([0.0, 1.0, 1.0, 0.0, 0.5], grad=False)], reduction="none")
    s.case("binary_cross_entropy", [values([0.0, 1.0, 0.3]), values([1.0, 0.0, 1.0], grad=False)])     # log clamped at -100
    s.case("binary_cross_entropy", [uniform(6, low=0.01, high=0.99), values([0.0, 1.0, 1.0, 0.0, 1.0, 0.0])])
    s.error("binary_cross_entropy", [uniform(3, 4, low=0.1, high=0.9), uniform(4, 3, low=0, high=1)])
    s.error("binary_cross_entropy", [values([0.5, 1.5]), values([0.0, 1.0])])

    # ---------------------------------------------------------------- binary_cross_entropy_with_logits
    s.op("binary_cross_entropy_with_logits", _bce_logits)
    s.case("binary_cross_entropy_with_logits", [randn(3, 4), uniform(3, 4, low=0, high=1)])
    s.case("binary_cross_entropy_with_logits", [randn(3, 4), uniform(3, 4, low=0, high=1)], reduction="sum")
    s.case("binary_cross_entropy_with_logits", [randn(3, 4, layout="transposed"), uniform(3, 4, low=0, high=1, layout="strided")],
           reduction="none")
    s.case("binary_cross_entropy_with_logits", [values([-200.0, -30.0, 0.0, 30.0, 200.0]), values([0.0, 1.0, 0.5, 0.0, 1.0])],
           reduction="none")
    s.case("binary_cross_entropy_with_logits", [randn(3, 4), uniform(3, 4, low=0, high=1), positive(4, grad=False)],
           pos_weight=True)
    s.case("binary_cross_entropy_with_logits", [randn(2, 3, 4), uniform(2, 3, 4, low=0, high=1), positive(4, grad=False)],
           pos_weight=True, reduction="none")
    s.case("binary_cross_entropy_with_logits", [randn(3, 4), uniform(3, 4, low=0, high=1), positive(1, grad=False)],
           pos_weight=True, reduction="sum")
    s.case("binary_cross_entropy_with_logits", [randn(3, 4), uniform(3, 4, low=0, high=1), positive(3, 1, grad=False)],
           pos_weight=True)
    s.error("binary_cross_entropy_with_logits", [randn(3, 4), uniform(3, 1, low=0, high=1)])

    # ---------------------------------------------------------------- conv1d
    s.op("conv1d", _conv(F.conv1d), atol=1e-4, rtol=1e-4)
    s.case("conv1d", [randn(2, 3, 10), randn(4, 3, 3), randn(4)])
    s.case("conv1d", [randn(2, 3, 10), randn(4, 3, 3)], has_bias=False)
    s.case("conv1d", [randn(2, 3, 11), randn(4, 3, 3), randn(4)], stride=2, padding=1)
    s.case("conv1d", [randn(1, 2, 12), randn(3, 2, 3), randn(3)], dilation=2, padding=2)
    s.case("conv1d", [randn(2, 4, 9), randn(6, 2, 3), randn(6)], groups=2)
    s.case("conv1d", [randn(2, 4, 9, layout="transposed"), randn(4, 1, 5, layout="offset"), randn(4)], groups=4, padding=2)
    s.case("conv1d", [randn(2, 3, 7), randn(5, 3, 1), randn(5)])                                     # 1 × 1 kernel
    s.case("conv1d", [randn(3, 8), randn(2, 3, 3), randn(2)], padding=1)                               # unbatched
    s.case("conv1d", [randn(2, 3, 5, grad=False), randn(4, 3, 5), randn(4)])
    s.case("conv1d", [randn(2, 3, 5), randn(4, 3, 2, grad=False), randn(4, grad=False)], stride=3)
    s.error("conv1d", [randn(2, 3, 10), randn(4, 2, 3)])                                               # channel mismatch
    s.error("conv1d", [randn(2, 4, 10), randn(3, 2, 3)], groups=2)                                     # out channels % groups
    s.error("conv1d", [randn(2, 3, 2), randn(4, 3, 5)])                                                # kernel larger than input
    s.error("conv1d", [randn(2, 3, 4, 4), randn(4, 3, 3)])                                             # wrong rank

    # ---------------------------------------------------------------- conv2d
    s.op("conv2d", _conv(F.conv2d), atol=1e-4, rtol=1e-4)
    s.case("conv2d", [randn(2, 3, 6, 6), randn(4, 3, 3, 3), randn(4)])
    s.case("conv2d", [randn(2, 3, 6, 5), randn(4, 3, 3, 2)], has_bias=False)
    s.case("conv2d", [randn(2, 3, 7, 7), randn(4, 3, 3, 3), randn(4)], stride=2, padding=1)
    s.case("conv2d", [randn(1, 2, 8, 9), randn(3, 2, 3, 2), randn(3)], stride=[2, 1], padding=[1, 2], dilation=[1, 2])
    s.case("conv2d", [randn(1, 2, 9, 9), randn(3, 2, 3, 3), randn(3)], dilation=2)
    s.case("conv2d", [randn(2, 4, 5, 5), randn(6, 2, 3, 3), randn(6)], groups=2, padding=1)
    s.case("conv2d", [randn(1, 3, 5, 5, layout="transposed"), randn(3, 1, 3, 3, layout="strided"), randn(3, layout="offset")],
           groups=3, padding=1)
    s.case("conv2d", [randn(2, 3, 4, 4), randn(5, 3, 1, 1), randn(5)])                               # 1 × 1 kernel
    s.case("conv2d", [randn(2, 3, 5, 5), randn(5, 3, 1, 1), randn(5)], stride=2)
    s.case("conv2d", [randn(3, 5, 5), randn(2, 3, 3, 3), randn(2)])                                  # unbatched
    s.case("conv2d", [randn(4, 3, 8, 8), randn(8, 3, 3, 3), randn(8)], padding=1)
    s.case("conv2d", [randn(2, 2, 4, 4, grad=False), randn(2, 2, 4, 4), randn(2)])                  # kernel = input: 1 × 1 output
    s.error("conv2d", [randn(2, 3, 6, 6), randn(4, 2, 3, 3)])
    s.error("conv2d", [randn(2, 4, 6, 6), randn(3, 2, 3, 3)], groups=2)
    s.error("conv2d", [randn(2, 3, 2, 2), randn(4, 3, 3, 3)])
    s.error("conv2d", [randn(2, 3, 6, 6), randn(4, 3, 3, 3), randn(3)])                              # bias shape
    s.error("conv2d", [randn(2, 3, 6, 6), randn(4, 3, 3, 3), randn(4)], stride=0)
    s.error("conv2d", [randn(2, 3, 6, 6), randn(4, 3, 3, 3), randn(4)], padding=-1)
    s.error("conv2d", [randn(6, 6), randn(4, 3, 3, 3), randn(4)])

    # ---------------------------------------------------------------- max_pool2d
    s.op("max_pool2d", lambda x, **kw: F.max_pool2d(x, **kw))
    s.case("max_pool2d", [randn(2, 3, 6, 6)], kernel_size=2)
    s.case("max_pool2d", [randn(2, 3, 7, 7)], kernel_size=3, stride=2)
    s.case("max_pool2d", [randn(1, 2, 5, 6)], kernel_size=[2, 3], stride=[1, 2], padding=[1, 1])
    s.case("max_pool2d", [randn(1, 2, 5, 5, layout="transposed")], kernel_size=3, stride=1, padding=1)
    s.case("max_pool2d", [randn(3, 4, 4, layout="strided")], kernel_size=2, stride=None)            # unbatched
    s.case("max_pool2d", [values([[[[1.0, 1.0, 2.0, 2.0], [1.0, 0.0, 2.0, 1.0], [3.0, 3.0, 0.0, 0.0], [3.0, 3.0, 0.0, 0.0]]]])],
           kernel_size=2)                                                                                  # ties: first maximum
    s.case("max_pool2d", [values([[[[5.0, 5.0, 5.0], [5.0, 5.0, 5.0], [5.0, 5.0, 5.0]]]])], kernel_size=2, stride=1)  # overlapping ties
    s.case("max_pool2d", [randn(1, 1, 4, 4)], kernel_size=2, stride=2, padding=1)
    s.error("max_pool2d", [randn(1, 1, 4, 4)], kernel_size=2, padding=2)
    s.error("max_pool2d", [randn(1, 1, 2, 2)], kernel_size=3)
    s.error("max_pool2d", [randn(4, 4)], kernel_size=2)

    # ---------------------------------------------------------------- avg_pool2d
    s.op("avg_pool2d", lambda x, **kw: F.avg_pool2d(x, **kw))
    s.case("avg_pool2d", [randn(2, 3, 6, 6)], kernel_size=2)
    s.case("avg_pool2d", [randn(2, 3, 7, 7)], kernel_size=3, stride=2)
    s.case("avg_pool2d", [randn(1, 2, 5, 6)], kernel_size=[3, 2], stride=[2, 1], padding=[1, 1])
    s.case("avg_pool2d", [randn(1, 2, 5, 6)], kernel_size=[3, 2], stride=[2, 1], padding=[1, 1], count_include_pad=False)
    s.case("avg_pool2d", [randn(1, 2, 5, 5, layout="transposed")], kernel_size=3, stride=1, padding=1, count_include_pad=False)
    s.case("avg_pool2d", [randn(1, 2, 5, 5, layout="offset")], kernel_size=3, stride=1, padding=1, count_include_pad=True)
    s.case("avg_pool2d", [randn(3, 4, 4)], kernel_size=2, stride=None)                              # unbatched
    s.error("avg_pool2d", [randn(1, 1, 4, 4)], kernel_size=2, padding=2)
    s.error("avg_pool2d", [randn(1, 1, 2, 2)], kernel_size=3)

    # ---------------------------------------------------------------- cross_entropy with class-probability targets
    # (soft labels: the target has the input's shape; last, so that the cases above keep their random data)
    s.op("cross_entropy_probs", lambda x, t, **kw: F.cross_entropy(x, t, **kw))
    s.case("cross_entropy_probs", [randn(4, 5), uniform(4, 5, low=0.0)])
    s.case("cross_entropy_probs", [randn(4, 5), uniform(4, 5, low=0.0, grad=False)], reduction="sum")
    s.case("cross_entropy_probs", [randn(4, 5, layout="transposed"), uniform(4, 5, low=0.0)], reduction="none")
    s.case("cross_entropy_probs", [randn(2, 3, 4), uniform(2, 3, 4, low=0.0)])                          # (N, C, d1)
    s.case("cross_entropy_probs", [randn(5), uniform(5, low=0.0)])                                     # unbatched
    s.case("cross_entropy_probs", [values([[1000.0, 0.0, -1000.0], [-50.0, 50.0, 0.0]]), values([[0.5, 0.5, 0.0], [0.0, 1.0, 0.0]])],
           reduction="none")
    s.error("cross_entropy_probs", [randn(3, 4), uniform(3, 5, low=0.0)])                               # shape mismatch

    return s
