"""PyTorch's half of charlm-side-by-side.sh: the same char-level LM, data split, batching, optimizer and validation as
dev.nabla.bench.CharLMBench. Prints: torch, iteration, validation loss, mean ms per training iteration so far.
Usage: python3 torch_charlm.py TEXT THREADS EVAL_ITER...
"""
import os
import sys
import time

text_path, threads, evals = sys.argv[1], int(sys.argv[2]), [int(a) for a in sys.argv[3:]]
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

torch.set_num_threads(threads)
torch.manual_seed(0)
text = open(text_path, encoding="utf-8").read()
chars = sorted(set(text))
idx = {c: i for i, c in enumerate(chars)}
split = int(len(text) * 0.9)
train = torch.tensor([idx[c] for c in text[:split]])
val = torch.tensor([idx[c] for c in text[split:]])
V, B, T = len(chars), 32, 100


class RnnLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed, self.rnn, self.head = nn.Embedding(V, 64), nn.LSTM(64, 256, 2, batch_first=True), nn.Linear(256, V)

    def forward(self, x, state=None):
        y, state = self.rnn(self.embed(x), state)
        return self.head(y), state


def streams(ids):
    n = (len(ids) - 1) // B
    return torch.stack([ids[b * n:b * n + n + 1] for b in range(B)]), n


def validation(model):
    s, n = streams(val)
    total, count, state = 0.0, 0, None
    model.eval()
    with torch.no_grad():
        for f in range(0, n, T):
            m = min(T, n - f)
            out, state = model(s[:, f:f + m], state)
            total += nn.functional.cross_entropy(out.reshape(-1, V), s[:, f + 1:f + m + 1].reshape(-1), reduction="sum").item()
            count += B * m
    model.train()
    return total / count


model = RnnLM()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
s, n = streams(train)
per_epoch, state, pos, spent = n // T, None, 0, 0.0
for i in range(1, max(evals) + 1):
    t = time.perf_counter()
    x, y = s[:, pos * T:pos * T + T], s[:, pos * T + 1:pos * T + T + 1]
    out, state = model(x, state)
    loss = nn.functional.cross_entropy(out.reshape(-1, V), y.reshape(-1))
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 5)
    opt.step()
    pos += 1
    state = None if pos == per_epoch else tuple(h.detach() for h in state)
    pos %= per_epoch
    spent += time.perf_counter() - t
    if i in evals:
        print("torch\t%d\t%.4f\t%.1f" % (i, validation(model), spent * 1e3 / i), flush=True)
