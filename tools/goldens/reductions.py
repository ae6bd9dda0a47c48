"""Reductions (sum, mean, var, std, logsumexp, max, min, argmax) and the softmax family."""
import torch

from golden import Suite, randn, values

INF = float("inf")
NAN = float("nan")


def _sum(x, dim=None, keepdim=False):
    return x.sum() if dim is None else x.sum(dim, keepdim=keepdim)


def _mean(x, dim=None, keepdim=False):
    return x.mean() if dim is None else x.mean(dim, keepdim=keepdim)


def build():
    s = Suite("reductions")
    s.op("sum", _sum, atol=1e-5, rtol=1e-5)
    s.op("mean", _mean)
    s.op("var", lambda x, dim=None, correction=1, keepdim=False: torch.var(x, dim=dim, correction=correction, keepdim=keepdim))
    s.op("std", lambda x, dim=None, correction=1, keepdim=False: torch.std(x, dim=dim, correction=correction, keepdim=keepdim))
    s.op("logsumexp", lambda x, dim, keepdim=False: torch.logsumexp(x, dim, keepdim=keepdim))
    s.op("max", lambda x: x.max())
    s.op("max_dim", lambda x, dim, keepdim=False: tuple(x.max(dim, keepdim=keepdim)))
    s.op("min", lambda x: x.min())
    s.op("min_dim", lambda x, dim, keepdim=False: tuple(x.min(dim, keepdim=keepdim)))
    s.op("argmax", lambda x: x.argmax())
    s.op("argmax_dim", lambda x, dim, keepdim=False: x.argmax(dim, keepdim=keepdim))
    s.op("softmax", lambda x, dim: torch.softmax(x, dim))
    s.op("log_softmax", lambda x, dim: torch.log_softmax(x, dim))

    # sum and mean: all dims, one dim, several dims (adjacent or not), negative dims, keepdim, layouts, 0-d, empty
    for op in ("sum", "mean"):
        s.case(op, [randn(3, 4)])
        s.case(op, [randn(3, 4)], dim=0)
        s.case(op, [randn(3, 4)], dim=-1, keepdim=True)
        s.case(op, [randn(2, 3, 4)], dim=[0, 2])
        s.case(op, [randn(2, 3, 4)], dim=[-1, -2], keepdim=True)
        s.case(op, [randn(2, 3, 4)], dim=[0, 1, 2], keepdim=True)
        s.case(op, [randn(2, 3, 4, 5)], dim=[1, 3])
        s.case(op, [randn(4, 5, layout="transposed")], dim=1)
        s.case(op, [randn(4, 5, layout="transposed")], dim=0, keepdim=True)
        s.case(op, [randn(2, 3, 4, layout="strided")], dim=[0, 2])
        s.case(op, [randn(3, 4, layout="offset")], dim=1)
        s.case(op, [randn(3, 1, 4)], dim=1)
        s.case(op, [randn()])
        s.case(op, [randn()], dim=0)
        s.case(op, [randn()], dim=-1, keepdim=True)
        s.case(op, [randn(0, 3)], dim=0)
        s.case(op, [randn(2, 0)], dim=1, keepdim=True)
        s.case(op, [randn(0, 3)], dim=1)
        s.case(op, [randn(0, 3)])
        s.case(op, [randn(5, 60, scale=0.5)], dim=1)
        s.error(op, [randn(3, 4)], dim=2)
        s.error(op, [randn(3, 4)], dim=-3)
        s.error(op, [randn(3, 4)], dim=[0, 0])
        s.error(op, [randn(3, 4)], dim=[1, -1])
        s.error(op, [randn()], dim=1)

    # var and std: corrections 0, 1, 2, constant rows (std's gradient is 0 there), too few elements (NaN / inf)
    for op in ("var", "std"):
        s.case(op, [randn(3, 4)])
        s.case(op, [randn(3, 4)], dim=[1])
        s.case(op, [randn(3, 4)], dim=[0], correction=0)
        s.case(op, [randn(3, 4)], dim=[-1], correction=2, keepdim=True)
        s.case(op, [randn(2, 3, 4)], dim=[0, 2])
        s.case(op, [randn(2, 3, 4)], dim=[-2, -1], correction=0, keepdim=True)
        s.case(op, [randn(2, 3, 4, 5)], dim=[0, 3])
        s.case(op, [randn(4, 5, layout="transposed")], dim=[1])
        s.case(op, [randn(4, 5, layout="transposed")], dim=[0])
        s.case(op, [randn(2, 3, 4, layout="strided")], dim=[1])
        s.case(op, [randn(3, 4, layout="offset")], dim=[0, 1])
        s.case(op, [randn(3, 4, scale=0.01)], dim=[1])
        s.case(op, [values([[1, 1, 1], [1, 2, 3], [-2, -2, -2]])], dim=[1])
        s.case(op, [values([[100.5, 100.25, 100.75, 100.0]])], dim=[1])  # large mean, small spread
        s.case(op, [randn()], dim=[0], correction=0)
        s.case(op, [randn(0, 3)], dim=[0])
        s.case(op, [randn(0, 3)], dim=[1])
        s.case(op, [randn(6, 40, scale=2.0)], dim=[1])
        s.error(op, [randn(3, 4)], dim=[2])
        s.error(op, [randn(3, 4)], dim=[0, -2])
    s.case("var", [randn(1, 3)], dim=[0])        # one element, correction 1: NaN
    s.case("var", [randn(2, 3)], dim=[0], correction=3)  # divisor clamped at 0: inf
    s.case("std", [values([[1, 2], [3, 5]])], dim=[0], correction=2)  # divisor 0

    # logsumexp: stable for large values; rows of -inf give -inf, +inf gives +inf (gradients NaN, as PyTorch)
    s.case("logsumexp", [randn(3, 4)], dim=1)
    s.case("logsumexp", [randn(3, 4)], dim=0, keepdim=True)
    s.case("logsumexp", [randn(2, 3, 4)], dim=[0, 2])
    s.case("logsumexp", [randn(2, 3, 4)], dim=[-1, -2], keepdim=True)
    s.case("logsumexp", [randn(2, 3, 4)], dim=[0, 1, 2])
    s.case("logsumexp", [randn(4, 5, layout="transposed")], dim=1)
    s.case("logsumexp", [randn(2, 3, 4, layout="strided")], dim=1)
    s.case("logsumexp", [randn(3, 4, layout="offset")], dim=-1)
    s.case("logsumexp", [randn(3, 4, scale=100.0)], dim=1)
    s.case("logsumexp", [randn(3, 4, scale=100.0)], dim=0)
    s.case("logsumexp", [values([[-INF, -INF, -INF], [-INF, 1, 2], [INF, 0, 1]])], dim=1)
    s.case("logsumexp", [values([[-INF, -INF, -INF], [-INF, 1, 2], [INF, 0, 1]])], dim=0)
    s.case("logsumexp", [randn()], dim=0)
    s.case("logsumexp", [randn(0, 3)], dim=0)
    s.case("logsumexp", [randn(0, 3)], dim=1)
    s.case("logsumexp", [randn(5, 50)], dim=1)
    s.error("logsumexp", [randn(3, 4)], dim=2)
    s.error("logsumexp", [randn(3, 4)], dim=[1, 1])

    # max and min of all elements: ties share the gradient evenly; NaN wins
    ties = [[1, 3, 3, 0], [3, -1, 2, 3], [0, 0, -1, 2]]
    for op in ("max", "min"):
        s.case(op, [randn(3, 4)])
        s.case(op, [values(ties)])
        s.case(op, [values(ties, layout="transposed")])
        s.case(op, [randn(2, 3, 4, layout="strided")])
        s.case(op, [randn(3, 4, layout="offset")])
        s.case(op, [randn()])
        s.case(op, [values([1, NAN, 3, NAN])])
        s.case(op, [values([[-INF, -INF], [-INF, -INF]])])
        s.case(op, [values([[INF, INF], [INF, INF]])])
        s.error(op, [randn(0, 3)])

    # max and min along a dim: first occurrence on ties, gradient to that index only
    for op in ("max_dim", "min_dim"):
        s.case(op, [randn(3, 4)], dim=1)
        s.case(op, [randn(3, 4)], dim=0, keepdim=True)
        s.case(op, [values(ties)], dim=1)
        s.case(op, [values(ties)], dim=0)
        s.case(op, [values(ties, layout="transposed")], dim=-1, keepdim=True)
        s.case(op, [values(ties, layout="transposed")], dim=0)
        s.case(op, [randn(2, 3, 4)], dim=1)
        s.case(op, [randn(2, 3, 4, layout="strided")], dim=-3)
        s.case(op, [randn(3, 4, layout="offset")], dim=1)
        s.case(op, [values([[1, NAN, 3, NAN], [2, 5, 5, 1]])], dim=1)
        s.case(op, [values([[1, NAN, 3, NAN], [2, 5, NAN, 1]])], dim=0)
        s.case(op, [randn()], dim=0)
        s.case(op, [randn()], dim=-1, keepdim=True)
        s.case(op, [randn(0, 3)], dim=1)
        s.case(op, [randn(4, 70)], dim=1)
        s.error(op, [randn(0, 3)], dim=0)
        s.error(op, [randn(3, 4)], dim=2)
        s.error(op, [randn(3, 4)], dim=-3)

    s.case("argmax", [randn(3, 4)])
    s.case("argmax", [values(ties)])
    s.case("argmax", [values(ties, layout="transposed")])
    s.case("argmax", [randn(2, 3, 4, layout="strided")])
    s.case("argmax", [values([1, NAN, 3, NAN])])
    s.case("argmax", [randn()])
    s.error("argmax", [randn(0, 3)])
    s.case("argmax_dim", [values(ties)], dim=1)
    s.case("argmax_dim", [values(ties)], dim=0, keepdim=True)
    s.case("argmax_dim", [values(ties, layout="transposed")], dim=-1)
    s.case("argmax_dim", [randn(2, 3, 4)], dim=1, keepdim=True)
    s.case("argmax_dim", [randn(2, 3, 4, layout="offset")], dim=-1)
    s.case("argmax_dim", [values([[1, NAN, 3, NAN], [2, 5, 5, 1]])], dim=1)
    s.case("argmax_dim", [randn()], dim=0)
    s.case("argmax_dim", [randn(0, 3)], dim=1)
    s.error("argmax_dim", [randn(0, 3)], dim=0)
    s.error("argmax_dim", [randn(3, 4)], dim=2)

    # softmax and log_softmax: every dim, layouts, large values, masked (-inf) entries, 0-d, empty
    for op in ("softmax", "log_softmax"):
        s.case(op, [randn(3, 5)], dim=1)
        s.case(op, [randn(3, 5)], dim=0)
        s.case(op, [randn(2, 3, 4)], dim=-1)
        s.case(op, [randn(2, 3, 4)], dim=1)
        s.case(op, [randn(2, 3, 4)], dim=0)
        s.case(op, [randn(4, 5, layout="transposed")], dim=1)
        s.case(op, [randn(4, 5, layout="transposed")], dim=0)
        s.case(op, [randn(2, 3, 4, layout="strided")], dim=1)
        s.case(op, [randn(3, 4, layout="offset")], dim=-1)
        s.case(op, [randn(3, 6, scale=100.0)], dim=1)
        s.case(op, [values([[-INF, 1, 2, -INF], [0, -INF, 0, 0], [3, 3, 3, 3]])], dim=1)
        s.case(op, [values([[-INF, 1, 2, -INF], [0, -INF, 0, 0], [3, 3, 3, 3]])], dim=0)
        s.case(op, [values([[-INF, -INF, -INF], [1, 2, 3]])], dim=1)  # an all -inf row gives NaN
        s.case(op, [randn(1, 4)], dim=0)
        s.case(op, [randn()], dim=0)
        s.case(op, [randn(0, 3)], dim=1)
        s.case(op, [randn(0, 3)], dim=0)
        s.case(op, [randn(4, 64)], dim=1)
        s.case(op, [randn(3, 70, 2)], dim=1)
        s.error(op, [randn(3, 4)], dim=2)
        s.error(op, [randn(3, 4)], dim=-3)
    return s
