"""PyTorch's half of gpt-side-by-side.sh: the issue #8 "baby" GPT on a character-level text, with the same
architecture (GPT-2 blocks: pre-LayerNorm, causal self-attention, GELU-tanh MLP, tied head), data split (first 90% /
last 10%), batch, AdamW groups, warmup + cosine schedule, clipping and loss estimate as dev.nabla.bench.GptBench.
Prints: torch, iteration, train loss estimate, validation loss estimate, mean ms per training iteration so far.
Usage: python3 torch_gpt.py TEXT THREADS ITERS EVAL_EVERY
"""
import math
import os
import sys
import time

text_path, threads, iters, eval_every = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(threads)
torch.manual_seed(0)
LAYERS, HEADS, EMBD, BLOCK, BATCH = 4, 4, 128, 64, 12
LR, MIN_LR, WARMUP, DECAY, WD, BETAS, CLIP, EVAL_ITERS = 1e-3, 1e-4, 100, 2000, 0.1, (0.9, 0.99), 1.0, 200

text = open(text_path, encoding="utf-8").read()
chars = sorted(set(text))
idx = {c: i for i, c in enumerate(chars)}
data = torch.tensor([idx[c] for c in text])
split = int(len(data) * 0.9)
train, val = data[:split], data[split:]
V = len(chars)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.ln_2 = nn.LayerNorm(EMBD), nn.LayerNorm(EMBD)
        self.c_attn, self.c_proj = nn.Linear(EMBD, 3 * EMBD), nn.Linear(EMBD, EMBD)
        self.c_fc, self.mlp_proj = nn.Linear(EMBD, 4 * EMBD), nn.Linear(4 * EMBD, EMBD)
        self.register_buffer("mask", torch.ones(BLOCK, BLOCK).tril().bool())

    def attention(self, x):
        b, t, c = x.shape
        q, k, v = self.c_attn(x).split(EMBD, dim=2)
        q, k, v = (z.view(b, t, HEADS, c // HEADS).transpose(1, 2) for z in (q, k, v))
        w = (q @ k.transpose(-2, -1)) / math.sqrt(c // HEADS)
        w = w.masked_fill(~self.mask[:t, :t], float("-inf")).softmax(-1)
        return self.c_proj((w @ v).transpose(1, 2).reshape(b, t, c))

    def forward(self, x):
        x = x + self.attention(self.ln_1(x))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, EMBD), nn.Embedding(BLOCK, EMBD)
        self.h = nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln_f = nn.LayerNorm(EMBD)
        for name, p in self.named_parameters():  # GPT-2's init: N(0, 0.02), residual projections scaled by 1/sqrt(2·layers)
            if p.dim() >= 2:
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * LAYERS) if name.endswith(("c_proj.weight", "mlp_proj.weight")) else 0.02)
            elif name.endswith("bias") and "ln" not in name:
                nn.init.zeros_(p)

    def forward(self, ids):
        x = self.wte(ids) + self.wpe(torch.arange(ids.shape[1]))
        for block in self.h:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.t()


def batch(ids, g):
    ix = torch.randint(len(ids) - BLOCK, (BATCH,), generator=g)
    return torch.stack([ids[i:i + BLOCK] for i in ix]), torch.stack([ids[i + 1:i + 1 + BLOCK] for i in ix])


def loss_of(model, x, y):
    return F.cross_entropy(model(x).reshape(-1, V), y.reshape(-1))


def estimate(model, ids, seed):
    g = torch.Generator().manual_seed(seed)
    model.eval()
    with torch.no_grad():
        total = sum(loss_of(model, *batch(ids, g)).item() for _ in range(EVAL_ITERS))
    model.train()
    return total / EVAL_ITERS


def lr_at(it):
    if it < WARMUP:
        return LR * it / WARMUP
    if it >= DECAY:
        return MIN_LR
    return MIN_LR + 0.5 * (1 + math.cos(math.pi * (it - WARMUP) / (DECAY - WARMUP))) * (LR - MIN_LR)


model = GPT()
decay = [p for p in model.parameters() if p.dim() >= 2]
no_decay = [p for p in model.parameters() if p.dim() < 2]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": WD}, {"params": no_decay, "weight_decay": 0.0}], lr=LR, betas=BETAS)
g = torch.Generator().manual_seed(1)
spent = 0.0
for it in range(iters):
    for group in opt.param_groups:
        group["lr"] = lr_at(it)
    t0 = time.perf_counter()
    x, y = batch(train, g)
    loss = loss_of(model, x, y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
    opt.step()
    spent += time.perf_counter() - t0
    if (it + 1) % eval_every == 0 or it + 1 == iters:
        print(f"torch\t{it + 1}\t{estimate(model, train, 2):.4f}\t{estimate(model, val, 3):.4f}\t{spent * 1000 / (it + 1):.1f}", flush=True)
