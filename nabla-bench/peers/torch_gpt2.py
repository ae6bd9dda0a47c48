"""PyTorch's half of gpt2-inference-side-by-side.sh: the same GPT-2 small as dev.nabla.bench.Gpt2InferenceBench
(random weights, batch 1, eval, no grad): prefill of PROMPT tokens into a key/value cache, then DECODE greedy tokens
one at a time (last position's logits, argmax); best of ROUNDS after one warm-up round. Attention is written with
torch ops (torch 1.13 has no scaled_dot_product_attention), as Hugging Face's GPT-2 eager attention.
Prints: torch, prefill tokens/s, decode tokens/s. Usage: python3 torch_gpt2.py THREADS [PROMPT] [DECODE] [ROUNDS]
"""
import math
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

threads = int(sys.argv[1])
prompt = int(sys.argv[2]) if len(sys.argv) > 2 else 128
decode = int(sys.argv[3]) if len(sys.argv) > 3 else 128
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
torch.set_num_threads(threads)
torch.manual_seed(0)
V, P, C, L, H = 50257, 1024, 768, 12, 12


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.ln_2 = nn.LayerNorm(C), nn.LayerNorm(C)
        self.c_attn, self.attn_proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
        self.c_fc, self.mlp_proj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)

    def forward(self, x, cache):
        b, t, _ = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q, k, v = (z.view(b, t, H, C // H).transpose(1, 2) for z in (q, k, v))
        if cache:
            k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)
        cache[:] = [k, v]
        s = k.shape[2]
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // H)
        if t > 1:
            att = att.masked_fill(torch.ones(t, s, dtype=torch.bool).triu(s - t + 1), float("-inf"))
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, C)
        x = x + self.attn_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(P, C)
        self.h = nn.ModuleList(Block() for _ in range(L))
        self.ln_f = nn.LayerNorm(C)

    def hidden(self, ids, caches):
        past = caches[0][0].shape[2] if caches[0] else 0
        x = self.wte(ids) + self.wpe(torch.arange(past, past + ids.shape[1]))
        for blk, c in zip(self.h, caches):
            x = blk(x, c)
        return self.ln_f(x)

    def logits(self, x):
        return x @ self.wte.weight.t()


model = GPT().eval()
ids = torch.randint(0, V, (1, prompt))
best_prefill = best_decode = 0.0
with torch.no_grad():
    for r in range(rounds + 1):
        caches = [[] for _ in range(L)]
        t0 = time.perf_counter()
        h = model.hidden(ids, caches)
        nxt = model.logits(h[:, -1:]).argmax()
        t1 = time.perf_counter()
        for _ in range(decode):
            h = model.hidden(nxt.view(1, 1), caches)
            nxt = model.logits(h).argmax()
        t2 = time.perf_counter()
        if r > 0:
            best_prefill = max(best_prefill, prompt / (t1 - t0))
            best_decode = max(best_decode, decode / (t2 - t1))
print("torch\t%.1f\t%.2f" % (best_prefill, best_decode))
