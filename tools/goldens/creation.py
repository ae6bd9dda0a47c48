"""Creation goldens: torch.arange, torch.linspace and torch.eye in float32, which nabla must match bit for bit.

Writes nabla-core/src/test/resources/goldens/creation.json, a list of {fn, args, shape, data} (or {fn, args,
error: true} for arguments torch rejects); dev.nabla.tensor.TensorFactoryTest replays them.
Arguments are float32 values, so that torch (which takes doubles) and nabla (which takes floats) start equal.
Run with Debian's python3-torch:  /usr/bin/python3 tools/goldens/make_goldens.py creation
"""
import json
import os
import random

import numpy
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "nabla-core", "src", "test", "resources", "goldens", "creation.json")


def f32(v):
    return float(numpy.float32(v))


def _num(v):
    s = str(numpy.float32(v))
    assert numpy.float32(float(s)) == numpy.float32(v), s  # Java reads a double, then rounds to float
    return float(s)


class Creation:
    def __init__(self):
        self.cases = []

    def add(self, fn, *args):
        try:
            if fn == "arange":
                t = torch.arange(*args, dtype=torch.float32)
            elif fn == "linspace":
                t = torch.linspace(*args, dtype=torch.float32)
            else:
                t = torch.eye(*args, dtype=torch.float32)
        except RuntimeError:
            self.cases.append({"fn": fn, "args": list(args), "error": True})
            return
        self.cases.append({"fn": fn, "args": list(args), "shape": list(t.shape), "data": [_num(v) for v in t.view(-1).tolist()]})

    def write(self):
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        with open(OUT, "w") as f:
            f.write("[\n" + ",\n".join(json.dumps(c, separators=(",", ":")) for c in self.cases) + "\n]\n")
        print("%-12s %4d cases -> %s" % ("creation", len(self.cases), os.path.relpath(OUT)))


def build():
    c = Creation()
    rnd = random.Random(0)
    # arange
    for args in [(0.0, 10.0, 1.0), (0.0, 0.0, 1.0), (-5.0, 5.0, 0.5), (0.0, 1.0, f32(0.1)), (1.0, 0.0, f32(-0.1)),
                 (0.0, 17.0, 1.0), (0.0, 16.0, 1.0), (0.0, 15.5, 1.0), (f32(1e6), f32(1e6 + 3), f32(0.1)),
                 (0.0, 300.0, f32(0.37)), (0.0, 1.0, f32(3e-3))]:
        c.add("arange", *args)
    for _ in range(40):
        scale = rnd.choice([1.0, 10.0, 1e4, 1e-3])
        start = f32(rnd.uniform(-scale, scale))
        step = f32(rnd.choice([0.1, 0.3, 0.7, 1.3, 0.01, -0.1, -0.37, 2.5, 0.03, -1.0]) * scale / 10)
        n = rnd.randint(1, 120)
        end = f32(start + step * (n - rnd.random()))
        c.add("arange", start, end, step)
    # linspace
    for args in [(0.0, 1.0, 0), (0.0, 1.0, 1), (-1.0, 1.0, 2), (0.0, 1.0, 5), (5.0, 5.0, 10), (1.0, 0.0, 7),
                 (0.0, 1.0, 16), (0.0, 1.0, 17), (0.0, 1.0, 31), (f32(-3.3), f32(7.1), 500), (0.0, f32(1e-6), 50)]:
        c.add("linspace", *args)
    for _ in range(50):
        scale = rnd.choice([1e-3, 1.0, 10.0, 1e4, 1e7])
        c.add("linspace", f32(rnd.uniform(-scale, scale)), f32(rnd.uniform(-scale, scale)), rnd.randint(2, 200))
    # eye
    for args in [(0, 0), (1, 1), (3, 3), (2, 5), (5, 2), (0, 3)]:
        c.add("eye", *args)
    # rejected
    c.add("arange", 0.0, 1.0, 0.0)
    c.add("arange", 0.0, -1.0, 1.0)
    c.add("arange", 0.0, 1.0, -1.0)
    c.add("linspace", 0.0, 1.0, -1)
    c.add("eye", -1, 2)
    c.add("eye", 2, -1)
    return c


if __name__ == "__main__":
    build().write()
