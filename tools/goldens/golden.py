"""Golden cases: run an op in PyTorch and record inputs, outputs, an upstream gradient and the input gradients.

One line per op (Suite.op: how PyTorch computes it) and one line per case (Suite.case: its inputs and arguments).
The Java tests (dev.nabla.golden) replay every case through nabla and compare within the op's tolerance.
Run with Debian's python3-torch:  /usr/bin/python3 tools/goldens/make_goldens.py [family ...]
"""
import json
import math
import os
import struct

import torch

OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "nabla-core", "src", "test", "resources", "goldens")
LAYOUTS = ("contiguous", "transposed", "strided", "offset")


def _num(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == int(v) and abs(v) < 1e15:
        return int(v)
    return float("%.9g" % v)


class Spec:
    """How to make one input: a float tensor (differentiable or not) or an int tensor."""

    def __init__(self, shape, kind="float", grad=True, layout="contiguous", make=None):
        assert layout in LAYOUTS, layout
        self.shape, self.kind, self.grad, self.layout, self.make = list(shape), kind, grad, layout, make

    def build(self):
        t = self.make(self.shape)
        if self.kind == "float":
            t = t.float()
            if self.layout == "transposed":  # same values, last two dims stored transposed
                t = t.transpose(-1, -2).contiguous().transpose(-1, -2)
            elif self.layout == "strided":  # every other element of a larger buffer
                t = torch.stack([t, torch.zeros_like(t)], dim=-1)[..., 0]
            elif self.layout == "offset":
                t = torch.cat([torch.zeros(1), t.flatten()])[1:].view(t.shape)
            if self.grad:
                t.requires_grad_(True)
        return t


def randn(*shape, grad=True, layout="contiguous", scale=1.0):
    return Spec(shape, grad=grad, layout=layout, make=lambda s: torch.randn(s) * scale)


def uniform(*shape, low=-1.0, high=1.0, grad=True, layout="contiguous"):
    return Spec(shape, grad=grad, layout=layout, make=lambda s: torch.rand(s) * (high - low) + low)


def positive(*shape, low=0.1, high=3.0, grad=True, layout="contiguous"):
    return uniform(*shape, low=low, high=high, grad=grad, layout=layout)


def values(vals, shape=None, grad=True, layout="contiguous"):
    t = torch.tensor(vals, dtype=torch.float32)
    return Spec(shape or list(t.shape), grad=grad, layout=layout, make=lambda s: t.reshape(s).clone())


def ints(low, high, *shape):
    return Spec(shape, kind="int", make=lambda s: torch.randint(low, high, s))


def int_values(vals):
    t = torch.tensor(vals, dtype=torch.int64)
    return Spec(list(t.shape), kind="int", make=lambda s: t.clone())


def mask(*shape, p=0.5):
    return Spec(shape, kind="int", make=lambda s: (torch.rand(s) < p).long())


def write_cases(family, cases, kind="family"):
    """Writes goldens/<family>.json: {kind: family, torch: version, cases: [...]}, one case a line. Only op goldens use
    the kind "family": OpCoverageTest reads those files as op goldens, so module and kernel goldens name another kind."""
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, family + ".json")
    with open(path, "w") as f:
        f.write('{%s: %s, "torch": %s, "cases": [\n' % (json.dumps(kind), json.dumps(family), json.dumps(torch.__version__)))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    print("%-12s %4d cases -> %s" % (family, len(cases), os.path.relpath(path)))


def _encode(t):
    t = t.detach()
    kind = "int" if not t.is_floating_point() else "float"
    vals = t.contiguous().view(-1).tolist()
    if t.dtype == torch.bool:
        vals = [int(v) for v in vals]
    return {"kind": kind, "shape": list(t.shape), "data": [_num(float(v)) if kind == "float" else int(v) for v in vals]}


class Suite:
    def __init__(self, family, seed=0):
        self.family, self.ops, self.cases = family, {}, []
        torch.manual_seed(seed)

    def op(self, name, fn, atol=1e-5, rtol=1e-4, grad_atol=None, grad_rtol=None):
        """fn(*inputs, **kwargs) -> tensor or tuple of tensors, as PyTorch computes the op."""
        self.ops[name] = (fn, atol, rtol, grad_atol if grad_atol is not None else atol, grad_rtol if grad_rtol is not None else rtol)

    def case(self, op, inputs, **kwargs):
        """One case: the op on these input specs with these keyword arguments (which the Java side reads too)."""
        fn, atol, rtol, gatol, grtol = self.ops[op]
        xs = [s.build() for s in inputs]
        out = fn(*xs, **kwargs)
        outs = list(out) if isinstance(out, (tuple, list)) else [out]
        upstream = [torch.randn(o.shape) if o.is_floating_point() and o.requires_grad else None for o in outs]
        diff_in = [x for x in xs if x.is_floating_point() and x.requires_grad]
        diff_out = [(o, u) for o, u in zip(outs, upstream) if u is not None]
        grads = {}
        if diff_in and diff_out:
            gs = torch.autograd.grad([o for o, _ in diff_out], diff_in, [u for _, u in diff_out], allow_unused=True)
            grads = {id(x): g for x, g in zip(diff_in, gs)}
        args = []
        for s, x in zip(inputs, xs):
            a = _encode(x)
            a.update(layout=s.layout, grad=bool(s.kind == "float" and s.grad))
            args.append(a)
        self.cases.append({
            "op": op,
            "name": "%s#%d" % (op, sum(1 for c in self.cases if c["op"] == op)),
            "args": args,
            "kwargs": kwargs,
            "outputs": [_encode(o) for o in outs],
            "upstream": [_encode(u) if u is not None else None for u in upstream],
            "grads": [(_encode(grads[id(x)]) if grads.get(id(x)) is not None else None) if x.is_floating_point() and x.requires_grad else None for x in xs],
            "atol": atol, "rtol": rtol, "grad_atol": gatol, "grad_rtol": grtol,
        })

    def error(self, op, inputs, **kwargs):
        """A case PyTorch rejects; nabla must throw IllegalArgumentException or IndexOutOfBoundsException."""
        fn = self.ops[op][0]
        xs = [s.build() for s in inputs]
        try:
            fn(*xs, **kwargs)
        except (RuntimeError, IndexError, ValueError):
            pass
        else:
            raise AssertionError("expected PyTorch to reject %s with %s" % (op, kwargs))
        args = []
        for s, x in zip(inputs, xs):
            a = _encode(x)
            a.update(layout=s.layout, grad=False)
            args.append(a)
        self.cases.append({"op": op, "name": "%s#error%d" % (op, len(self.cases)), "args": args, "kwargs": kwargs, "error": True})

    def write(self):
        write_cases(self.family, self.cases)


def write_safetensors(path, tensors):
    """Writes tensors (float as F32, int64 as I64) in the safetensors format, in the given order."""
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, t in tensors.items():
        n = t.numel() * (8 if t.dtype == torch.int64 else 4)
        header[name] = {"dtype": "I64" if t.dtype == torch.int64 else "F32", "shape": list(t.shape), "data_offsets": [offset, offset + n]}
        offset += n
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for t in tensors.values():
            fmt = "<%dq" if t.dtype == torch.int64 else "<%df"
            f.write(struct.pack(fmt % t.numel(), *t.contiguous().view(-1).tolist()))
