"""torch.nn.functional.batch_norm (with the running statistics it updates as extra outputs) and adaptive_avg_pool2d.

Optional tensor arguments are trailing inputs in the order weight, bias, running_mean, running_var, each present
when its flag kwarg (default true) says so.
"""
import torch.nn.functional as F

from golden import Suite, positive, randn


def _batch_norm(x, *rest, training, momentum=0.1, eps=1e-5, weight=True, bias=True, running=True):
    it = iter(rest)
    w = next(it) if weight else None
    b = next(it) if bias else None
    rm, rv = (next(it).clone(), next(it).clone()) if running else (None, None)
    out = F.batch_norm(x, rm, rv, w, b, training=training, momentum=momentum, eps=eps)
    return (out, rm, rv) if running else out


def build():
    s = Suite("norm_pool")
    s.op("batch_norm", _batch_norm, atol=1e-5, rtol=1e-4, grad_atol=1e-4, grad_rtol=1e-4)
    stats = lambda c: [randn(c, grad=False), positive(c, low=0.5, high=2.0, grad=False)]
    s.case("batch_norm", [randn(6, 3), randn(3), randn(3)] + stats(3), training=True)
    s.case("batch_norm", [randn(2, 3, 4, 5, layout="transposed"), randn(3), randn(3)] + stats(3), training=True, momentum=0.25)
    s.case("batch_norm", [randn(2, 3, 4), randn(3), randn(3)] + stats(3), training=False)
    s.case("batch_norm", [randn(4, 2, 3, layout="strided")] + stats(2), training=True, weight=False, bias=False, eps=1e-3)
    s.case("batch_norm", [randn(5, 4, scale=4)], training=True, weight=False, bias=False, running=False)
    s.case("batch_norm", [randn(3, 2, 2, 2, layout="offset"), randn(2)] + stats(2), training=False, bias=False)
    s.case("batch_norm", [randn(0, 3), randn(3), randn(3)] + stats(3), training=False)                    # empty batch in eval
    s.case("batch_norm", [randn(2, 1), randn(1), randn(1)] + stats(1), training=True)                     # two values: x̂ = ±1
    s.error("batch_norm", [randn(1, 3), randn(3), randn(3)] + stats(3), training=True)                    # one value per channel
    s.error("batch_norm", [randn(4, 3), randn(4), randn(4)] + stats(4), training=True)
    s.error("batch_norm", [randn(4), randn(4), randn(4)] + stats(4), training=True)

    s.op("adaptive_avg_pool2d", lambda x, output_size: F.adaptive_avg_pool2d(x, output_size))
    s.case("adaptive_avg_pool2d", [randn(2, 3, 4, 5)], output_size=1)
    s.case("adaptive_avg_pool2d", [randn(2, 3, 4, 6)], output_size=[2, 3])                                # windows divide evenly
    s.case("adaptive_avg_pool2d", [randn(1, 2, 7, 5, layout="transposed")], output_size=[3, 3])          # overlapping windows
    s.case("adaptive_avg_pool2d", [randn(2, 5, 7, layout="strided")], output_size=[4, 2])
    s.case("adaptive_avg_pool2d", [randn(1, 1, 2, 3, layout="offset")], output_size=[5, 4])             # larger than the input
    s.case("adaptive_avg_pool2d", [randn(1, 2, 3, 3)], output_size=[3, 3])                                # identity
    s.case("adaptive_avg_pool2d", [randn(0, 2, 3, 3)], output_size=2)
    s.error("adaptive_avg_pool2d", [randn(3, 3)], output_size=2)
    s.error("adaptive_avg_pool2d", [randn(2, 0, 3)], output_size=2)
    return s
