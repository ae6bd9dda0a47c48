"""The peers' half of nabla's side-by-side benchmark: the same workloads as dev.nabla.bench.SideBySide, in PyTorch
(and numpy's BLAS for sgemm). Prints one line per workload: name, best seconds, work units, peer.

Usage: python3 torch_peer.py THREADS [--quick] [prefix ...]
Refuses to time sgemm against a reference (non-optimised) BLAS, which is about 60x slower than OpenBLAS.
"""
import os
import sys
import time

threads = int(sys.argv[1])
quick = "--quick" in sys.argv
only = [a for a in sys.argv[2:] if not a.startswith("--")]
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(threads)


def loaded_blas():
    """Which BLAS library this process mapped (after a first matmul)."""
    np.ones((64, 64), np.float32) @ np.ones((64, 64), np.float32)
    torch.ones(64, 64) @ torch.ones(64, 64)
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1]
            if "blas" in p or "lapack" in p or "mkl" in p:
                libs.add(os.path.realpath(p))
    return sorted(libs)


def timeit(fn, budget):
    end = time.perf_counter() + budget / 3
    while True:
        fn()
        if time.perf_counter() > end:
            break
    best, reps = float("inf"), 0
    end = time.perf_counter() + budget * 2 / 3
    while time.perf_counter() < end or reps < 3:
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
        reps += 1
    return best


def workloads():
    g = torch.Generator().manual_seed(1)
    for m, n, k in [(256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
                    (768, 768, 3072), (768, 3072, 768), (768, 128, 128), (768, 512, 128)]:
        a = torch.randn(m, k, generator=g)
        b = torch.randn(k, n, generator=g)
        an, bn = a.numpy(), b.numpy()
        yield "sgemm %dx%dx%d" % (m, n, k), 2.0 * m * n * k, "flop", "numpy", lambda an=an, bn=bn: an @ bn
        yield "sgemm %dx%dx%d" % (m, n, k), 2.0 * m * n * k, "flop", "torch", lambda a=a, b=b: a @ b
    x = torch.randn(1024, 1024, generator=g, requires_grad=True)
    up = torch.randn(1024, 1024, generator=g)
    for name, op in [("softmax", lambda t: t.softmax(-1)),
                     ("layer_norm", lambda t: F.layer_norm(t, (1024,))),
                     ("gelu", F.gelu)]:
        def step(op=op):
            x.grad = None
            op(x).backward(up)
        yield name + " fwd+bwd 1M", 1024 * 1024, "elem", "torch", step
    for name, op in [("tanh", torch.tanh), ("sigmoid", torch.sigmoid), ("silu", F.silu)]:
        def step(op=op):
            x.grad = None
            op(x).backward(up)
        yield name + " fwd+bwd 1M", 1024 * 1024, "elem", "torch", step
    sizes = [784, 512, 512, 10]
    layers = [torch.nn.Linear(sizes[i], sizes[i + 1]) for i in range(3)]
    params = [p for layer in layers for p in layer.parameters()]
    xb = torch.randn(64, 784, generator=g)
    yb = torch.randint(0, 10, (64,), generator=g)

    def mlp():
        h = xb
        for i, layer in enumerate(layers):
            h = layer(h)
            if i < 2:
                h = torch.relu(h)
        loss = F.cross_entropy(h, yb)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.add_(p.grad, alpha=-0.01)
    yield "mlp step 784-512-512-10 b64", 64, "sample", "torch", mlp
    xc = torch.randn(1024, 1024, generator=g, requires_grad=True)
    yc = torch.randint(0, 1024, (1024,), generator=g)

    def cross_entropy():
        xc.grad = None
        F.cross_entropy(xc, yc).backward()
    yield "cross_entropy fwd+bwd 1M", 1024 * 1024, "elem", "torch", cross_entropy
    layer = torch.nn.TransformerEncoderLayer(256, 4, 1024, dropout=0.0)  # training mode, as nabla's
    xt = torch.randn(128, 16, 256, generator=g, requires_grad=True)
    ut = torch.randn(128, 16, 256, generator=g)

    def encoder_layer():
        xt.grad = None
        layer.zero_grad(set_to_none=True)
        layer(xt).backward(ut)
    yield "transformer encoder layer fwd+bwd d256 h4 ff1024 T128 b16", 128 * 16, "token", "torch", encoder_layer


if __name__ == "__main__":
    blas = loaded_blas()
    reference = not any("openblas" in b or "mkl" in b or "blis" in b for b in blas)
    print("# peer torch=%s numpy=%s threads=%d blas=%s" % (torch.__version__, np.__version__, threads, ",".join(blas) or "?"))
    if reference:
        print("# the peer loaded a reference BLAS (%s): install libopenblas0-openmp; sgemm ratios are not reported" % blas)
    for name, work, unit, peer, fn in workloads():
        if only and not any(name.startswith(p) for p in only):
            continue
        if reference and name.startswith("sgemm"):
            continue
        print("%s\t%.6g\t%.6g\t%s\t%s" % (name, timeit(fn, 0.5 if quick else 2.0), work, unit, peer), flush=True)
