"""PyTorch's half of lstm-side-by-side.sh: the same LSTM forward+backward as dev.nabla.bench.LstmBench.
Prints: torch, mean ms per forward+backward. Usage: python3 torch_lstm.py THREADS [WARMUP] [ITERATIONS]
"""
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402

threads = int(sys.argv[1])
warmup = int(sys.argv[2]) if len(sys.argv) > 2 else 5
iters = int(sys.argv[3]) if len(sys.argv) > 3 else 20
torch.set_num_threads(threads)
torch.manual_seed(0)
lstm = torch.nn.LSTM(64, 256, 2, batch_first=True)
x = torch.randn(32, 100, 64, requires_grad=True)
up = torch.randn(32, 100, 256)
total = 0.0
for i in range(warmup + iters):
    lstm.zero_grad()
    x.grad = None
    t = time.perf_counter()
    (lstm(x)[0] * up).sum().backward()
    if i >= warmup:
        total += time.perf_counter() - t
print("torch\t%.1f" % (total * 1000 / iters))
