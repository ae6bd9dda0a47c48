"""PyTorch's half of bert-mlm-curve.sh: trains the BERT that dev.nabla.bench.BertMlmCurve left in OUT from the same
initial weights (OUT/init/model.safetensors, Hugging Face's BertForMaskedLM layout) on the same batches
(OUT/batches.bin), with the same recipe as nabla's BertPretrainer: masked-LM cross-entropy with the decoder (tied to
the word embeddings) at the masked positions only, AdamW (betas 0.9/0.999, eps 1e-6, weight decay 0.01 on the
parameters of two or more dimensions), linear warmup then linear decay to 0, gradient norm clipped at 1, dropout 0.
Writes its loss per step to OUT/torch.tsv. Usage: python3 torch_bert_curve.py OUT THREADS [LR] [WARMUP]
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

out, threads = sys.argv[1], int(sys.argv[2])
lr = float(sys.argv[3]) if len(sys.argv) > 3 else 5e-4
warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 100
torch.set_num_threads(threads)
cfg = json.load(open(os.path.join(out, "init", "config.json")))
V, H, A, FFN, EPS = cfg["vocab_size"], cfg["hidden_size"], cfg["num_attention_heads"], cfg["intermediate_size"], cfg["layer_norm_eps"]


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header, data = json.loads(f.read(n)), f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", name
        a, b = info["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype="<f4").copy()).reshape(info["shape"])
    return tensors


class Named(nn.Module):  # a module whose children are named as Hugging Face's
    def __init__(this, **children):  # "this": Hugging Face names a child "self"
        super().__init__()
        for k, v in children.items():
            this.add_module(k, v)


def layer():
    return Named(attention=Named(self=Named(query=nn.Linear(H, H), key=nn.Linear(H, H), value=nn.Linear(H, H)),
                                 output=Named(dense=nn.Linear(H, H), LayerNorm=nn.LayerNorm(H, eps=EPS))),
                 intermediate=Named(dense=nn.Linear(H, FFN)),
                 output=Named(dense=nn.Linear(FFN, H), LayerNorm=nn.LayerNorm(H, eps=EPS)))


model = Named(bert=Named(embeddings=Named(word_embeddings=nn.Embedding(V, H), position_embeddings=nn.Embedding(cfg["max_position_embeddings"], H),
                                          token_type_embeddings=nn.Embedding(cfg["type_vocab_size"], H), LayerNorm=nn.LayerNorm(H, eps=EPS)),
                         encoder=Named(layer=nn.ModuleList(layer() for _ in range(cfg["num_hidden_layers"])))),
              cls=Named(predictions=Named(transform=Named(dense=nn.Linear(H, H), LayerNorm=nn.LayerNorm(H, eps=EPS)))))
model.cls.predictions.bias = nn.Parameter(torch.zeros(V))
missing, unexpected = model.load_state_dict(read_safetensors(os.path.join(out, "init", "model.safetensors")), strict=False)
unexpected = [k for k in unexpected if not k.startswith("bert.pooler.")]
assert not missing and not unexpected, (missing, unexpected)


def masked_loss(ids, types, mask, labels):
    b, t = ids.shape
    e = model.bert.embeddings
    x = e.LayerNorm(e.word_embeddings(ids) + e.position_embeddings(torch.arange(t)) + e.token_type_embeddings(types))
    additive = (1.0 - mask.float())[:, None, None, :] * torch.finfo(torch.float32).min
    for l in model.bert.encoder.layer:
        s = l.attention.self
        q, k, v = (f(x).view(b, t, A, H // A).transpose(1, 2) for f in (s.query, s.key, s.value))
        y = (((q @ k.transpose(-1, -2)) / math.sqrt(H // A) + additive).softmax(-1) @ v).transpose(1, 2).reshape(b, t, H)
        x = l.attention.output.LayerNorm(l.attention.output.dense(y) + x)
        x = l.output.LayerNorm(l.output.dense(F.gelu(l.intermediate.dense(x))) + x)
    keep = labels.view(-1) != -100
    p = model.cls.predictions
    h = p.transform.LayerNorm(F.gelu(p.transform.dense(x.reshape(b * t, H)[keep])))
    return F.cross_entropy(h @ e.word_embeddings.weight.t() + p.bias, labels.view(-1)[keep])


raw = np.fromfile(os.path.join(out, "batches.bin"), dtype="<i4")
batches, i = [], 0
while i < len(raw):
    b, t = raw[i], raw[i + 1]
    i += 2
    parts = [torch.from_numpy(raw[i + j * b * t:i + (j + 1) * b * t].astype(np.int64)).view(b, t) for j in range(4)]
    i += 4 * b * t
    batches.append(parts)
steps = len(batches)
params = list(model.parameters())
decay, no_decay = [p for p in params if p.dim() >= 2], [p for p in params if p.dim() < 2]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                        lr=lr, betas=(0.9, 0.999), eps=1e-6)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: s / warmup if s < warmup else max(0.0, (steps - s) / (steps - warmup)))
with open(os.path.join(out, "torch.tsv"), "w") as f:
    for s, (ids, types, mask, labels) in enumerate(batches):
        opt.zero_grad()
        loss = masked_loss(ids, types, mask, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        f.write("%d\t%.6f\n" % (s + 1, loss.item()))
        if (s + 1) % 50 == 0:
            print("torch step %d loss %.4f" % (s + 1, loss.item()), file=sys.stderr, flush=True)
