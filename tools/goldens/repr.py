"""Printing goldens: PyTorch's repr of float and int tensors with the default print options.

Writes nabla-core/src/test/resources/goldens/repr.json, a list of {name, kind, shape, data, layout, requires_grad,
op, grad_fn, repr}; dev.nabla.tensor.TensorFormatGoldenTest rebuilds each tensor (applying `op` when set) and
checks that toString() equals `repr` exactly.
Run with Debian's python3-torch:  /usr/bin/python3 tools/goldens/make_goldens.py repr
"""
import json
import math
import os

import numpy
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "nabla-core", "src", "test", "resources", "goldens", "repr.json")
NAN, INF = float("nan"), float("inf")

# Ops applied to a leaf that requires grad, to print a grad_fn suffix; the Java test applies the same ones.
OPS = {
    "add": lambda x: x + x,
    "sub": lambda x: x - x * 0.5,
    "mul": lambda x: x * x,
    "div": lambda x: x / 4,
    "neg": lambda x: -x,
    "sum": lambda x: x.sum(),
    "mm": lambda x: x @ x.transpose(0, 1),
    "transpose": lambda x: x.transpose(0, 1),
    "permute": lambda x: x.permute(1, 0),
    "expand": lambda x: x.expand(2, *x.shape),
    "addscalar": lambda x: x + 1,
    "mulscalar": lambda x: x * 3,
    # torch names these differently from nabla (see the Java test)
    "subscalar": lambda x: x - 1,
    "sumdim": lambda x: x.sum(0),
    "reshape": lambda x: x.reshape(-1),
}


def _num(v, kind):
    if kind == "int":
        return int(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    s = str(numpy.float32(v))  # shortest text that reads back as this float32 (keeps -0.0)
    assert numpy.float32(float(s)) == numpy.float32(v), s  # Java reads it as a double, then rounds to float
    return float(s)


class Repr:
    def __init__(self):
        self.cases = []
        torch.manual_seed(0)

    def add(self, name, t, layout="contiguous", requires_grad=False, op=None):
        kind = "float" if t.is_floating_point() else "int"
        t = t.float() if kind == "float" else t.long()
        base = t
        if layout == "transposed":
            t = t.transpose(-1, -2).contiguous().transpose(-1, -2)
        elif layout == "strided":
            t = torch.stack([t, torch.zeros_like(t)], dim=-1)[..., 0]
        assert torch.equal(t, base) or kind == "float"
        if requires_grad or op:
            t.requires_grad_(True)
        shown = OPS[op](t) if op else t
        case = {"name": name, "kind": kind, "shape": list(t.shape),
                "data": [_num(v, kind) for v in t.detach().contiguous().view(-1).tolist()],
                "layout": layout, "requires_grad": bool(requires_grad or op), "repr": repr(shown)}
        if op:
            case["op"] = op
            case["grad_fn"] = type(shown.grad_fn).__name__
        self.cases.append(case)

    def write(self):
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        with open(OUT, "w") as f:
            f.write("[\n" + ",\n".join(json.dumps(c, separators=(",", ":")) for c in self.cases) + "\n]\n")
        print("%-12s %4d cases -> %s" % ("repr", len(self.cases), os.path.relpath(OUT)))


def build():
    r = Repr()
    f = lambda v: torch.tensor(v, dtype=torch.float32)

    # 0-d
    for i, v in enumerate([1.5, 0.0, -0.0, 1e-5, 123456789.0, NAN, INF, -INF, 3.0, -2.5, 0.00005, 1 / 3, 1e30, -7.0, 0.03125]):
        r.add("scalar%d" % i, f(v))
    # 1-d: notation, widths, rounding
    r.add("ints", f([1, 2, 3]))
    r.add("ints_neg", f([-1, 20, 300]))
    r.add("ints_sci_ratio", f([1, 2000]))
    r.add("ints_sci_big", f([1e9, 3]))
    r.add("ints_big_fixed", f([1e8, 2e7]))
    r.add("zeros", torch.zeros(4))
    r.add("signed_zeros", f([0.0, -0.0, 0.0]))
    r.add("fixed", f([1.5, -2.25, 100.125]))
    r.add("fixed_small", f([0.0001, 0.5]))
    r.add("sci_small", f([0.00009, 0.5]))
    r.add("sci_ratio", f([0.01, 10.5]))
    r.add("sci_ratio_edge", f([0.01, 10.0, 0.5]))
    r.add("sci_mixed_sign", f([-1.5e-7, 2.5e3, 0.0]))
    r.add("ties", f([0.03125, 0.09375, 1.00005, 2.71875, -0.03125]))
    r.add("nan_inf_int", f([NAN, 1.0, INF]))
    r.add("nan_inf_fixed", f([NAN, 1.5, -INF]))
    r.add("nan_inf_sci", f([NAN, 1e-7, INF, -1.0]))
    r.add("only_nan", f([NAN, NAN]))
    r.add("only_inf", f([INF, -INF, 0.0]))
    r.add("huge", f([3.4e38, -1e-38, 1.0]))
    r.add("denormal", f([1e-40, 0.0]))
    r.add("round_to_zero", f([-0.00001, 0.5, 0.25]))
    for n in (1, 2, 5, 10, 20, 30, 100):
        r.add("randn%d" % n, torch.randn(n))
    r.add("wide_values", torch.rand(40) * 2000 - 1000)
    r.add("ints_wrap", torch.arange(60).float() * 7 - 200)
    r.add("sci_wrap", torch.randn(25) * 1e-6)
    r.add("one_per_line", f([1.123456e30, -2.5e-30] * 3))
    # n-d
    r.add("m1x1", torch.randn(1, 1))
    r.add("m5x1", torch.randn(5, 1))
    r.add("m1x5", torch.randn(1, 5))
    r.add("m3x4", torch.randn(3, 4))
    r.add("m4x30", torch.randn(4, 30) * 10)
    r.add("ints_2d", torch.randint(-50, 50, (4, 6)).float())
    r.add("t2x3x4", torch.randn(2, 3, 4))
    r.add("t2x1x3x2", torch.randn(2, 1, 3, 2))
    r.add("t3x2x1x1x2", torch.randn(3, 2, 1, 1, 2) * 1e5)
    # rows that fill a line exactly (off-by-one checks of the wrapping rule)
    r.add("t2x2x12", torch.randn(2, 2, 12))
    r.add("m2x12_width6", torch.rand(2, 12))
    r.add("m2x16_width10", torch.randn(2, 16) * 1000)
    r.add("t2x1x2x12", torch.randn(2, 1, 2, 12))
    r.add("transposed", torch.randn(3, 4), layout="transposed")
    r.add("strided", torch.randn(2, 5), layout="strided")
    # summarised (> 1000 elements); the formatter only sees the printed edges
    r.add("sum1001", torch.randn(1001))
    hidden = torch.randn(1001)
    hidden[500] = 1e10
    r.add("sum_hidden_big", hidden)
    r.add("sum33x33", torch.randn(33, 33))
    r.add("sum3x400", torch.randn(3, 400))
    r.add("sum10x10x11", torch.randn(10, 10, 11))
    r.add("sum2x3x200", torch.randn(2, 3, 200))
    r.add("sum7x150", torch.randn(7, 150))
    r.add("sum1x1001", torch.randn(1, 1001))
    r.add("sum_ints", torch.arange(1200).float().reshape(30, 40) - 600)
    # empty
    r.add("empty", torch.zeros(0))
    r.add("empty0x3", torch.zeros(0, 3))
    r.add("empty2x0x1", torch.zeros(2, 0, 1))
    r.add("empty3x0", torch.zeros(3, 0))
    # autograd suffixes
    r.add("rg_vec", torch.randn(3), requires_grad=True)
    r.add("rg_scalar", f(2.0), requires_grad=True)
    r.add("rg_2d", torch.randn(2, 3), requires_grad=True)
    r.add("rg_empty", torch.zeros(0, 3), requires_grad=True)
    r.add("rg_wraps", torch.randn(8), requires_grad=True)
    r.add("rg_sum_wraps", torch.randn(1001) * 1e-5, requires_grad=True)
    r.add("rg_edge13", f([1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4]), requires_grad=True)  # 59 characters: the suffix wraps
    r.add("rg_edge12", f([1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3]), requires_grad=True)     # 55: it does not
    r.add("op_edge12", f([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]), op="add")
    r.add("op_edge11", f([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3]), op="add")
    small_ints = lambda *s: torch.randint(-3, 4, s).float()
    for op in ("add", "sub", "mul", "div", "neg", "addscalar", "mulscalar", "subscalar", "reshape"):
        r.add("op_" + op, torch.randn(2, 3), op=op)
    r.add("op_sum", torch.randn(2, 3), op="sum")
    r.add("op_sumdim", small_ints(2, 3), op="sumdim")
    r.add("op_mm", small_ints(2, 3), op="mm")
    r.add("op_transpose", torch.randn(2, 3), op="transpose")
    r.add("op_permute", torch.randn(2, 3), op="permute")
    r.add("op_expand", torch.randn(2, 3), op="expand")
    r.add("op_wraps", torch.randn(8), op="mul")
    # int tensors (IntTensor prints as torch's int64)
    i = lambda v: torch.tensor(v, dtype=torch.int64)
    for k, v in enumerate([5, -3, 0, 2147483647, -2147483648]):
        r.add("int_scalar%d" % k, i(v))
    r.add("int_vec", torch.randint(-100, 100, (10,)))
    r.add("int_wide", i([1, -2147483648, 30]))
    r.add("int_wrap", torch.randint(0, 10, (100,)))
    r.add("int_arange30", torch.arange(30))
    r.add("int_2d", torch.randint(-5, 1000, (3, 4)))
    r.add("int_3d", torch.randint(0, 2, (2, 2, 3)))
    r.add("int_sum1500", torch.arange(1500))
    r.add("int_sum50x50", torch.randint(-1000, 1000, (33, 33)))
    r.add("int_empty", torch.zeros(0, dtype=torch.int64))
    r.add("int_empty0x3", torch.zeros(0, 3, dtype=torch.int64))
    return r


if __name__ == "__main__":
    build().write()
