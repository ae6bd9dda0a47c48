"""PyTorch's half of the Fashion-MNIST side-by-side: the same models, optimizers and batch size as
`nabla fashion-mnist` (MLP 784-256-10 with SGD momentum 0.9 lr 0.05; LeNet-5 with Adam lr 1e-3 on standardised
pixels), seconds per epoch and test accuracy after each epoch.

Usage: [SEED=n] [NORMALIZE=0|1] python3 torch_fashion.py DATA_DIR THREADS MODEL EPOCHS
"""
import gzip
import os
import struct
import sys
import time

data_dir, threads, model_name, epochs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = str(threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(threads)
SEED = int(os.environ.get("SEED", "0"))
torch.manual_seed(SEED)


def idx(name):
    for n in (name + ".gz", name):
        p = os.path.join(data_dir, n)
        if os.path.exists(p):
            raw = (gzip.open if n.endswith(".gz") else open)(p, "rb").read()
            magic, count = struct.unpack(">II", raw[:8])
            if magic == 0x803:
                rows, cols = struct.unpack(">II", raw[8:16])
                return np.frombuffer(raw, np.uint8, offset=16).reshape(count, 1, rows, cols)
            return np.frombuffer(raw, np.uint8, offset=8)
    sys.exit("missing " + name)


xtr = torch.tensor(idx("train-images-idx3-ubyte"), dtype=torch.float32) / 255
ytr = torch.tensor(idx("train-labels-idx1-ubyte"), dtype=torch.int64)
xte = torch.tensor(idx("t10k-images-idx3-ubyte"), dtype=torch.float32) / 255
yte = torch.tensor(idx("t10k-labels-idx1-ubyte"), dtype=torch.int64)
# as nabla's --normalize (its default for lenet): the training pixels' mean and standard deviation
if os.environ.get("NORMALIZE", "1" if model_name == "lenet" else "0") == "1":
    mean, std = xtr.mean().item(), xtr.std().item()
    xtr, xte = (xtr - mean) / std, (xte - mean) / std

if model_name == "mlp":
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
else:
    model = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                          nn.Linear(84, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

g = torch.Generator().manual_seed(SEED)
for epoch in range(epochs):
    model.train()
    t = time.perf_counter()
    perm = torch.randperm(len(xtr), generator=g)
    for i in range(0, len(xtr), 64):
        b = perm[i:i + 64]
        loss = F.cross_entropy(model(xtr[b]), ytr[b])
        opt.zero_grad()
        loss.backward()
        opt.step()
    secs = time.perf_counter() - t
    model.eval()
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()
    print("torch %s epoch %d: %.2f s, test accuracy %.2f%%" % (model_name, epoch + 1, secs, 100 * acc), flush=True)
