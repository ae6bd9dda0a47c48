"""View ops (reshape ... contiguous) and slicing/joining ops (narrow ... pad)."""
import torch
import torch.nn.functional as F

from golden import Suite, randn


def _slice(x, dim, start, end, step):
    idx = [slice(None)] * x.dim()
    idx[dim] = slice(start, end, step)
    return x[tuple(idx)]


def _split(x, dim, size=None, sizes=None):
    return torch.split(x, size if sizes is None else sizes, dim)


def build():
    s = Suite("shapes")
    # views: pure data movement, so exact
    s.op("reshape", lambda x, shape: x.reshape(shape), atol=0, rtol=0)
    s.op("view", lambda x, shape: x.view(shape), atol=0, rtol=0)
    s.op("transpose", lambda x, dim0, dim1: x.transpose(dim0, dim1), atol=0, rtol=0)
    s.op("permute", lambda x, dims: x.permute(dims), atol=0, rtol=0)
    # expand's gradient sums over the broadcast dims
    s.op("expand", lambda x, sizes: x.expand(sizes))
    s.op("squeeze", lambda x, dim=None: x.squeeze() if dim is None else x.squeeze(dim), atol=0, rtol=0)
    s.op("unsqueeze", lambda x, dim: x.unsqueeze(dim), atol=0, rtol=0)
    s.op("flatten", lambda x, start=0, end=-1: x.flatten(start, end), atol=0, rtol=0)
    s.op("contiguous", lambda x: x.contiguous(), atol=0, rtol=0)
    s.op("narrow", lambda x, dim, start, length: x.narrow(dim, start, length), atol=0, rtol=0)
    s.op("slice", _slice, atol=0, rtol=0)
    s.op("select", lambda x, dim, index: x.select(dim, index), atol=0, rtol=0)
    s.op("cat", lambda *xs, dim: torch.cat(xs, dim), atol=0, rtol=0)
    s.op("stack", lambda *xs, dim: torch.stack(xs, dim), atol=0, rtol=0)
    s.op("split", _split, atol=0, rtol=0)
    s.op("chunk", lambda x, chunks, dim: torch.chunk(x, chunks, dim), atol=0, rtol=0)
    s.op("pad", lambda x, pad, value=0.0: F.pad(x, pad, value=value), atol=0, rtol=0)

    s.case("reshape", [randn(2, 3, 4)], shape=[6, 4])
    s.case("reshape", [randn(2, 3, 4)], shape=[4, -1])
    s.case("reshape", [randn(3, 4, layout="transposed")], shape=[12])          # needs a copy
    s.case("reshape", [randn(3, 4, layout="transposed")], shape=[3, 2, 2])     # needs a copy
    s.case("reshape", [randn(2, 3, 4, layout="transposed")], shape=[2, 12])
    s.case("reshape", [randn(2, 3, 4, layout="transposed")], shape=[6, 2, 2])
    s.case("reshape", [randn(2, 6, layout="strided")], shape=[2, 3, 2])
    s.case("reshape", [randn(2, 6, layout="offset")], shape=[3, 4])
    s.case("reshape", [randn()], shape=[1, 1])
    s.case("reshape", [randn(1, 1)], shape=[])
    s.case("reshape", [randn(0, 3)], shape=[3, 0])
    s.case("reshape", [randn(0, 3)], shape=[-1, 3])
    s.error("reshape", [randn(2, 3)], shape=[4, 2])
    s.error("reshape", [randn(2, 3)], shape=[-1, -1])
    s.error("reshape", [randn(2, 3)], shape=[-1, 4])
    s.error("reshape", [randn(0, 3)], shape=[-1, 0])

    s.case("view", [randn(2, 3, 4)], shape=[3, 8])
    s.case("view", [randn(2, 3, 4)], shape=[-1])
    s.case("view", [randn(2, 3, 4, layout="transposed")], shape=[2, 3, 2, 2])  # splits a strided dim
    s.case("view", [randn(2, 3, 4, layout="transposed")], shape=[1, 2, 3, 4])
    s.case("view", [randn(3, 4, layout="strided")], shape=[3, 2, 2])
    s.case("view", [randn(4, 3, layout="offset")], shape=[2, 6])
    s.case("view", [randn()], shape=[1])
    s.error("view", [randn(3, 4, layout="transposed")], shape=[12])            # not viewable
    s.error("view", [randn(2, 3, 4, layout="transposed")], shape=[2, 12])
    s.error("view", [randn(2, 3)], shape=[7])

    s.case("transpose", [randn(3, 4)], dim0=0, dim1=1)
    s.case("transpose", [randn(2, 3, 4)], dim0=0, dim1=-1)
    s.case("transpose", [randn(2, 3, 4, layout="transposed")], dim0=1, dim1=2)
    s.case("transpose", [randn(2, 3, 4, layout="strided")], dim0=-3, dim1=1)
    s.case("transpose", [randn(3, 4)], dim0=1, dim1=1)
    s.case("transpose", [randn()], dim0=0, dim1=-1)
    s.case("transpose", [randn(0, 4)], dim0=0, dim1=1)
    s.error("transpose", [randn(3, 4)], dim0=0, dim1=2)
    s.error("transpose", [randn(3, 4)], dim0=-3, dim1=0)

    s.case("permute", [randn(2, 3, 4)], dims=[2, 0, 1])
    s.case("permute", [randn(2, 3, 4)], dims=[-1, -3, -2])
    s.case("permute", [randn(2, 3, 4, layout="transposed")], dims=[1, 2, 0])
    s.case("permute", [randn(2, 1, 3, 4, layout="offset")], dims=[3, 1, 0, 2])
    s.case("permute", [randn()], dims=[])
    s.error("permute", [randn(2, 3, 4)], dims=[0, 1])
    s.error("permute", [randn(2, 3, 4)], dims=[0, 1, 1])
    s.error("permute", [randn(2, 3, 4)], dims=[0, 1, 3])

    s.case("expand", [randn(3, 1)], sizes=[3, 4])
    s.case("expand", [randn(3, 1)], sizes=[2, 3, 5])
    s.case("expand", [randn(1, 4)], sizes=[-1, 4])
    s.case("expand", [randn(4)], sizes=[2, 3, -1])
    s.case("expand", [randn()], sizes=[2, 3])
    s.case("expand", [randn(2, 1, layout="strided")], sizes=[2, 3])
    s.case("expand", [randn(1, 3, layout="strided")], sizes=[4, 3])
    s.case("expand", [randn(3, 1)], sizes=[3, 0])
    s.case("expand", [randn(2, 3)], sizes=[2, 3])
    s.error("expand", [randn(3, 2)], sizes=[3, 4])
    s.error("expand", [randn(3, 2)], sizes=[2])
    s.error("expand", [randn(3)], sizes=[-1, 3])

    s.case("squeeze", [randn(1, 3, 1, 4)])
    s.case("squeeze", [randn(1, 3, 1, 4)], dim=2)
    s.case("squeeze", [randn(1, 3, 1, 4)], dim=-4)
    s.case("squeeze", [randn(1, 3, 1, 4)], dim=1)                              # not size 1: unchanged
    s.case("squeeze", [randn(3, 1, layout="strided")], dim=1)
    s.case("squeeze", [randn(1, 1)])
    s.case("squeeze", [randn()], dim=0)
    s.case("squeeze", [randn(1, 0, 1)])
    s.error("squeeze", [randn(1, 3)], dim=2)
    s.error("squeeze", [randn()], dim=1)

    s.case("unsqueeze", [randn(3, 4)], dim=0)
    s.case("unsqueeze", [randn(3, 4)], dim=2)
    s.case("unsqueeze", [randn(3, 4)], dim=-1)
    s.case("unsqueeze", [randn(3, 4, layout="transposed")], dim=1)
    s.case("unsqueeze", [randn(3, 4, layout="strided")], dim=-2)
    s.case("unsqueeze", [randn()], dim=0)
    s.error("unsqueeze", [randn(3, 4)], dim=3)
    s.error("unsqueeze", [randn(3, 4)], dim=-4)

    s.case("flatten", [randn(2, 3, 4)])
    s.case("flatten", [randn(2, 3, 4)], start=1)
    s.case("flatten", [randn(2, 3, 4, 5)], start=1, end=2)
    s.case("flatten", [randn(2, 3, 4, layout="transposed")], start=0, end=1)
    s.case("flatten", [randn(2, 3, 4, layout="transposed")], start=1, end=2)   # needs a copy
    s.case("flatten", [randn(3, 4)], start=1, end=1)
    s.case("flatten", [randn()])
    s.case("flatten", [randn(2, 0, 3)])
    s.error("flatten", [randn(2, 3, 4)], start=2, end=1)
    s.error("flatten", [randn(2, 3)], start=0, end=2)
    s.error("flatten", [randn()], start=0, end=2)

    s.case("contiguous", [randn(3, 4)])
    s.case("contiguous", [randn(3, 4, layout="transposed")])
    s.case("contiguous", [randn(2, 3, 4, layout="strided")])
    s.case("contiguous", [randn(5, layout="offset")])
    s.case("contiguous", [randn()])

    s.case("narrow", [randn(5, 3)], dim=0, start=1, length=3)
    s.case("narrow", [randn(5, 3)], dim=1, start=-2, length=2)
    s.case("narrow", [randn(5, 3)], dim=-1, start=3, length=0)
    s.case("narrow", [randn(2, 5, 3, layout="transposed")], dim=1, start=2, length=3)
    s.case("narrow", [randn(4, 6, layout="strided")], dim=1, start=1, length=4)
    s.case("narrow", [randn(4, 6, layout="offset")], dim=0, start=0, length=4)
    s.error("narrow", [randn(5, 3)], dim=0, start=4, length=2)
    s.error("narrow", [randn(5, 3)], dim=0, start=6, length=0)
    s.error("narrow", [randn(5, 3)], dim=0, start=-6, length=1)
    s.error("narrow", [randn(5, 3)], dim=0, start=1, length=-1)
    s.error("narrow", [randn(5, 3)], dim=2, start=0, length=1)
    s.error("narrow", [randn()], dim=0, start=0, length=1)

    s.case("slice", [randn(7, 3)], dim=0, start=1, end=6, step=2)
    s.case("slice", [randn(7, 3)], dim=0, start=-5, end=-1, step=1)
    s.case("slice", [randn(7, 3)], dim=0, start=-100, end=100, step=3)           # clamped
    s.case("slice", [randn(7, 3)], dim=0, start=5, end=2, step=1)                # empty
    s.case("slice", [randn(7, 3)], dim=0, start=9, end=12, step=1)               # empty past the end
    s.case("slice", [randn(3, 7)], dim=-1, start=0, end=7, step=10)
    s.case("slice", [randn(2, 7, 3, layout="transposed")], dim=1, start=1, end=7, step=3)
    s.case("slice", [randn(4, 8, layout="strided")], dim=1, start=0, end=8, step=2)
    s.case("slice", [randn(8, 4, layout="offset")], dim=0, start=-3, end=8, step=2)
    s.case("slice", [randn(0, 3)], dim=0, start=0, end=2, step=1)
    s.error("slice", [randn(7, 3)], dim=0, start=0, end=7, step=0)
    s.error("slice", [randn(7, 3)], dim=0, start=7, end=0, step=-1)
    s.error("slice", [randn(7, 3)], dim=2, start=0, end=1, step=1)
    s.error("slice", [randn()], dim=0, start=0, end=1, step=1)

    s.case("select", [randn(4, 3)], dim=0, index=2)
    s.case("select", [randn(4, 3)], dim=1, index=-1)
    s.case("select", [randn(2, 4, 3, layout="transposed")], dim=2, index=0)
    s.case("select", [randn(2, 4, 3, layout="strided")], dim=-2, index=-4)
    s.case("select", [randn(5, layout="offset")], dim=0, index=4)                # 0-d result
    s.error("select", [randn(4, 3)], dim=0, index=4)
    s.error("select", [randn(4, 3)], dim=1, index=-4)
    s.error("select", [randn(4, 3)], dim=2, index=0)
    s.error("select", [randn()], dim=0, index=0)

    s.case("cat", [randn(2, 3), randn(4, 3)], dim=0)
    s.case("cat", [randn(2, 3), randn(2, 1), randn(2, 4)], dim=1)
    s.case("cat", [randn(2, 3), randn(2, 5)], dim=-1)
    s.case("cat", [randn(2, 3, layout="transposed"), randn(2, 3, layout="strided"), randn(1, 3, layout="offset")], dim=0)
    s.case("cat", [randn(2, 3, 4), randn(2, 2, 4, grad=False)], dim=1)
    s.case("cat", [randn(5)], dim=0)
    s.case("cat", [randn(0, 3), randn(2, 3)], dim=0)
    s.case("cat", [randn(0), randn(2, 3)], dim=1)                                # legacy: 1-D empty is skipped
    s.case("cat", [randn(2, 3), randn(0), randn(2, 3)], dim=0)
    s.case("cat", [randn(0), randn(0)], dim=0)
    s.error("cat", [randn(2, 3), randn(2, 4)], dim=0)
    s.error("cat", [randn(2, 3), randn(2, 3, 1)], dim=0)
    s.error("cat", [randn(2, 3), randn(2, 3)], dim=2)
    s.error("cat", [randn(), randn()], dim=0)
    s.error("cat", [randn(0, 4), randn(2, 3)], dim=0)
    s.error("cat", [], dim=0)

    s.case("stack", [randn(2, 3), randn(2, 3)], dim=0)
    s.case("stack", [randn(2, 3), randn(2, 3), randn(2, 3)], dim=1)
    s.case("stack", [randn(2, 3), randn(2, 3)], dim=-1)
    s.case("stack", [randn(2, 3, layout="transposed"), randn(2, 3, layout="offset")], dim=2)
    s.case("stack", [randn(), randn(), randn(grad=False)], dim=0)
    s.case("stack", [randn(0), randn(0)], dim=1)
    s.error("stack", [randn(2, 3), randn(3, 2)], dim=0)
    s.error("stack", [randn(2, 3), randn(2, 3)], dim=3)
    s.error("stack", [], dim=0)

    s.case("split", [randn(7, 3)], dim=0, size=3)                                # 3, 3, 1
    s.case("split", [randn(6, 3)], dim=0, size=2)
    s.case("split", [randn(3, 5)], dim=-1, size=10)                              # one piece
    s.case("split", [randn(3, 5, layout="transposed")], dim=1, sizes=[1, 0, 4])
    s.case("split", [randn(3, 6, layout="strided")], dim=0, sizes=[2, 1])
    s.case("split", [randn(0, 2)], dim=0, size=0)
    s.case("split", [randn(0, 2)], dim=0, size=3)
    s.error("split", [randn(3, 2)], dim=0, size=0)
    s.error("split", [randn(3, 2)], dim=0, size=-1)
    s.error("split", [randn(3, 2)], dim=0, sizes=[1, 1])
    s.error("split", [randn(3, 2)], dim=0, sizes=[4, -1])
    s.error("split", [randn(3, 2)], dim=2, size=1)
    s.error("split", [randn()], dim=0, size=1)

    s.case("chunk", [randn(6, 2)], chunks=3, dim=0)
    s.case("chunk", [randn(7, 2)], chunks=3, dim=0)                              # 3, 3, 1
    s.case("chunk", [randn(2, 5)], chunks=4, dim=1)                              # 2, 2, 1: fewer chunks
    s.case("chunk", [randn(2, 3)], chunks=5, dim=-1)
    s.case("chunk", [randn(4, 3, layout="transposed")], chunks=2, dim=0)
    s.case("chunk", [randn(0, 2)], chunks=3, dim=0)                              # three empty pieces
    s.error("chunk", [randn(4, 3)], chunks=0, dim=0)
    s.error("chunk", [randn(4, 3)], chunks=2, dim=2)
    s.error("chunk", [randn()], chunks=1, dim=0)

    s.case("pad", [randn(3, 4)], pad=[1, 2])
    s.case("pad", [randn(3, 4)], pad=[1, 0, 0, 2], value=-1.5)
    s.case("pad", [randn(2, 3, 4)], pad=[1, 1, 1, 1, 1, 1], value=3.0)
    s.case("pad", [randn(3, 4)], pad=[-1, 2])                                   # crop left, pad right
    s.case("pad", [randn(3, 4)], pad=[-1, -2, 0, -1])                           # crop only
    s.case("pad", [randn(3, 4)], pad=[-4, 3])                                   # crop everything, then pad
    s.case("pad", [randn(3, 4)], pad=[-2, -2])                                  # crop to empty
    s.case("pad", [randn(2, 3, 4, layout="transposed")], pad=[2, -1, -1, 1])
    s.case("pad", [randn(3, 4, layout="strided")], pad=[0, 0, 1, 1], value=2.0)
    s.case("pad", [randn(3, 4, layout="offset")], pad=[])
    s.case("pad", [randn(3, 0)], pad=[1, 1])
    s.case("pad", [randn()], pad=[])
    s.error("pad", [randn(3, 4)], pad=[1, 2, 3])
    s.error("pad", [randn(3, 4)], pad=[1, 1, 1, 1, 1, 1])
    s.error("pad", [randn(3, 4)], pad=[-3, -2])
    s.error("pad", [randn(3, 4)], pad=[-5, 2])
    s.error("pad", [randn(3, 0)], pad=[0, 0, 1, 1])                             # 1.13: padded dims must not be empty
    return s
