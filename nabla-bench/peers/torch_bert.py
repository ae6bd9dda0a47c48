"""PyTorch's half of bert-side-by-side.sh: the same MLM training step as dev.nabla.bench.BertBench: BERT-Small
(L 4, H 256, A 4, FFN 1024, vocab 30522; post-LayerNorm, exact GELU, decoder tied to the word embeddings, written
out as Hugging Face's BertForMaskedLM computes it, since transformers is not installed), batch 16 of 128 random
tokens, dynamic masking (15%, 80/10/10, as DataCollatorForLanguageModeling), cross-entropy over the masked positions,
AdamW (lr 1e-4, weight decay 0.01), dropout DROPOUT; DECODE "masked" runs the decoder only at the masked positions
(as Google's BERT), "all" (the default) at every position (as Hugging Face's). Prints: torch, mean ms per step over
STEPS after WARMUP, last loss. Usage: python3 torch_bert.py THREADS [STEPS] [WARMUP] [DROPOUT] [DECODE]
"""
import math
import os
import sys
import time

threads = int(sys.argv[1])
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 3
dropout = float(sys.argv[4]) if len(sys.argv) > 4 else 0.1
masked_only = len(sys.argv) > 5 and sys.argv[5] == "masked"
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(threads)
torch.manual_seed(0)
V, H, L, A, FFN, P, BATCH, SEQ, PAD, CLS, SEP, MASK = 30522, 256, 4, 4, 1024, 512, 16, 128, 0, 101, 102, 103


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.query, self.key, self.value, self.attn_out = (nn.Linear(H, H) for _ in range(4))
        self.ln_1, self.ln_2 = nn.LayerNorm(H, eps=1e-12), nn.LayerNorm(H, eps=1e-12)
        self.intermediate, self.output = nn.Linear(H, FFN), nn.Linear(FFN, H)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, additive):
        b, t, _ = x.shape
        q, k, v = (f(x).view(b, t, A, H // A).transpose(1, 2) for f in (self.query, self.key, self.value))
        att = self.drop(((q @ k.transpose(-1, -2)) / math.sqrt(H // A) + additive).softmax(-1))
        y = (att @ v).transpose(1, 2).reshape(b, t, H)
        x = self.ln_1(self.drop(self.attn_out(y)) + x)
        return self.ln_2(self.drop(self.output(F.gelu(self.intermediate(x)))) + x)


class BertForMaskedLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.word, self.pos, self.types = nn.Embedding(V, H, padding_idx=PAD), nn.Embedding(P, H), nn.Embedding(2, H)
        self.ln, self.drop = nn.LayerNorm(H, eps=1e-12), nn.Dropout(dropout)
        self.layers = nn.ModuleList(Layer() for _ in range(L))
        self.transform, self.transform_ln = nn.Linear(H, H), nn.LayerNorm(H, eps=1e-12)
        self.bias = nn.Parameter(torch.zeros(V))

    def forward(self, ids, mask, labels=None):  # logits (B, T, V), or with labels those of the labelled positions
        b, t = ids.shape
        x = self.word(ids) + self.pos(torch.arange(t)) + self.types(torch.zeros_like(ids))
        x = self.drop(self.ln(x))
        additive = (1.0 - mask.float())[:, None, None, :] * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, additive)
        if labels is not None:
            x = x.reshape(b * t, H)[labels.view(-1) != -100]
        return self.transform_ln(F.gelu(self.transform(x))) @ self.word.weight.t() + self.bias


def mask_tokens(ids, g):
    labels = ids.clone()
    special = (ids == PAD) | (ids == CLS) | (ids == SEP) | (ids == MASK)
    chosen = torch.bernoulli(torch.full(ids.shape, 0.15), generator=g).bool() & ~special
    labels[~chosen] = -100
    out = ids.clone()
    replaced = torch.bernoulli(torch.full(ids.shape, 0.8), generator=g).bool() & chosen
    out[replaced] = MASK
    rand = torch.bernoulli(torch.full(ids.shape, 0.5), generator=g).bool() & chosen & ~replaced
    out[rand] = torch.randint(V, ids.shape, generator=g)[rand]
    return out, labels


model = BertForMaskedLM().train()
with torch.no_grad():  # Hugging Face's initialisation, as nabla's: N(0, 0.02) weights, zero biases, the pad row zero
    for name, p in model.named_parameters():
        if "ln" in name:
            continue
        p.zero_() if name.endswith("bias") else p.normal_(0, 0.02)
    model.word.weight[PAD].zero_()
opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
g = torch.Generator().manual_seed(1)
ids = torch.randint(999, V, (BATCH, SEQ), generator=g)
ids[:, 0], ids[:, -1] = CLS, SEP
ones = torch.ones(BATCH, SEQ, dtype=torch.long)
start = 0.0
for s in range(warmup + steps):
    if s == warmup:
        start = time.perf_counter()
    inputs, labels = mask_tokens(ids, g)
    opt.zero_grad(set_to_none=True)
    if masked_only:
        loss = F.cross_entropy(model(inputs, ones, labels), labels.view(-1)[labels.view(-1) != -100])
    else:
        loss = F.cross_entropy(model(inputs, ones).view(-1, V), labels.view(-1), ignore_index=-100)
    loss.backward()
    opt.step()
print("torch\t%.1f\t%.4f" % ((time.perf_counter() - start) * 1e3 / steps, loss.item()))
