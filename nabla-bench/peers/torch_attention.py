"""torch's half of nabla-bench/attention-side-by-side.sh: the same attention workloads as dev.nabla.bench.AttentionBench,
composed of torch ops, softmax(q @ k^T / sqrt(d) [masked]) @ v (torch 1.13 has no F.scaled_dot_product_attention).
Prints "name, best seconds".

With --cpu, the calling thread's CPU time per call instead of wall time (robust on a loaded machine; for one thread,
where torch runs the forward and the backward on the calling thread).
Usage: python3 torch_attention.py THREADS [--quick] [--cpu]
"""
import math
import os
import sys
import time

threads = int(sys.argv[1])
quick = "--quick" in sys.argv
clock = time.thread_time if "--cpu" in sys.argv else time.perf_counter
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

torch.set_num_threads(threads)


def timeit(fn, budget):
    end = time.perf_counter() + budget * 2 / 3
    while True:
        fn()
        if time.perf_counter() > end:
            break
    best, reps = float("inf"), 0
    end = time.perf_counter() + budget / 3
    while time.perf_counter() < end or reps < 5:
        t = clock()
        fn()
        best = min(best, clock() - t)
        reps += 1
    return best


def attention(q, k, v, causal):
    s = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if causal:
        hidden = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool).triu(1)
        s = s.masked_fill(hidden, float("-inf"))
    return s.softmax(-1) @ v


b, h, t, d = 8, 8, 256, 64
g = torch.Generator().manual_seed(1)
q, k, v = (torch.randn(b, h, t, d, generator=g, requires_grad=True) for _ in range(3))
up = torch.randn(b, h, t, d, generator=g)
budget = 1.5 if quick else 4.0
print("# torch %s threads=%d" % (torch.__version__, torch.get_num_threads()))
for causal in (False, True):
    c = " causal" if causal else ""

    def forward(causal=causal):
        with torch.no_grad():
            attention(q, k, v, causal)

    def step(causal=causal):
        for x in (q, k, v):
            x.grad = None
        attention(q, k, v, causal).backward(up)

    print("torch forward%s\t%.6g" % (c, timeit(forward, budget)))
    print("torch forward+backward%s\t%.6g" % (c, timeit(step, budget)))
