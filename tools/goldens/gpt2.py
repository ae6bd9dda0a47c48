"""A tiny GPT-2-shaped checkpoint in Hugging Face's layout, with the logits and greedy continuation it should give.

transformers is not installed here, so the model below is GPT2LMHeadModel's computation written out in torch:
Conv1D (y = x @ W + b, W stored (in, out)), gelu_new (the tanh approximation), LayerNorm eps 1e-5, causal softmax
attention over heads, lm_head tied to wte. Writes nabla-models/src/test/resources/gpt2-tiny/: config.json,
model.safetensors (F32, GPT-2's key names, with the attn.bias buffers HF files carry), vocab.json + merges.txt (a
byte-level vocabulary of printable ASCII, newline, five merges and <|endoftext|>) and expected.json.
Run: /usr/bin/python3 tools/goldens/gpt2.py
"""
import json
import math
import os

import torch

from golden import write_safetensors

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "nabla-models", "src", "test", "resources", "gpt2-tiny")
N_LAYER, N_HEAD, N_EMBD, N_POS, EPS = 2, 2, 32, 64, 1e-5

# ---------------------------------------------------------------- tokenizer: byte-level tokens as GPT-2 spells them
def byte_char(b):
    if 33 <= b <= 126:
        return chr(b)
    return chr(256 + b) if b <= 32 else None  # bytes 0..32 come first among GPT-2's remapped bytes


TOKENS = [byte_char(b) for b in range(32, 127)] + [byte_char(10)]
MERGES = [("Ġ", "t"), ("h", "e"), ("Ġt", "he"), ("i", "n"), ("e", "r")]
TOKENS += [a + b for a, b in MERGES] + ["<|endoftext|>"]
VOCAB = len(TOKENS)


# ---------------------------------------------------------------- the model, in Hugging Face's semantics
def make_weights(g):
    def rnd(*shape, std):
        return torch.randn(*shape, generator=g) * std

    w = {"wte.weight": rnd(VOCAB, N_EMBD, std=0.5), "wpe.weight": rnd(N_POS, N_EMBD, std=0.3)}
    causal = torch.tril(torch.ones(N_POS, N_POS)).view(1, 1, N_POS, N_POS)
    for i in range(N_LAYER):
        p = "h.%d." % i
        for ln in ("ln_1", "ln_2"):
            w[p + ln + ".weight"] = 1 + rnd(N_EMBD, std=0.1)
            w[p + ln + ".bias"] = rnd(N_EMBD, std=0.1)
        w[p + "attn.bias"] = causal.clone()  # buffer kept by older HF files; loaders ignore it
        for name, fan_in, fan_out in (("attn.c_attn", N_EMBD, 3 * N_EMBD), ("attn.c_proj", N_EMBD, N_EMBD),
                                      ("mlp.c_fc", N_EMBD, 4 * N_EMBD), ("mlp.c_proj", 4 * N_EMBD, N_EMBD)):
            w[p + name + ".weight"] = rnd(fan_in, fan_out, std=1 / math.sqrt(fan_in))  # Conv1D: (in, out)
            w[p + name + ".bias"] = rnd(fan_out, std=0.1)
    w["ln_f.weight"] = 1 + rnd(N_EMBD, std=0.1)
    w["ln_f.bias"] = rnd(N_EMBD, std=0.1)
    return w


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def conv1d(x, w, p):
    return x @ w[p + ".weight"] + w[p + ".bias"]


def layer_norm(x, w, p):
    return torch.nn.functional.layer_norm(x, (N_EMBD,), w[p + ".weight"], w[p + ".bias"], EPS)


def forward(w, ids):  # ids (T,) -> logits (T, V)
    t = ids.shape[0]
    x = w["wte.weight"][ids] + w["wpe.weight"][torch.arange(t)]
    d = N_EMBD // N_HEAD
    for i in range(N_LAYER):
        p = "h.%d." % i
        q, k, v = conv1d(layer_norm(x, w, p + "ln_1"), w, p + "attn.c_attn").split(N_EMBD, dim=-1)
        q, k, v = (z.view(t, N_HEAD, d).transpose(0, 1) for z in (q, k, v))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(d)
        att = att.masked_fill(w[p + "attn.bias"][0, 0, :t, :t] == 0, float("-inf")).softmax(-1)
        y = (att @ v).transpose(0, 1).reshape(t, N_EMBD)
        x = x + conv1d(y, w, p + "attn.c_proj")
        x = x + conv1d(gelu_new(conv1d(layer_norm(x, w, p + "ln_2"), w, p + "mlp.c_fc")), w, p + "mlp.c_proj")
    return layer_norm(x, w, "ln_f") @ w["wte.weight"].t()


# ---------------------------------------------------------------- files


def main():
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(8)
    w = make_weights(g)
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "model.safetensors"), w)
    config = {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
              "vocab_size": VOCAB, "n_positions": N_POS, "n_ctx": N_POS, "n_embd": N_EMBD, "n_layer": N_LAYER,
              "n_head": N_HEAD, "resid_pdrop": 0.1, "embd_pdrop": 0.1, "attn_pdrop": 0.1, "layer_norm_epsilon": EPS,
              "initializer_range": 0.02, "bos_token_id": VOCAB - 1, "eos_token_id": VOCAB - 1}
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(OUT, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump({tok: i for i, tok in enumerate(TOKENS)}, f, ensure_ascii=False)
    with open(os.path.join(OUT, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join("%s %s\n" % m for m in MERGES))

    with torch.no_grad():
        sequences = [torch.randint(0, VOCAB, (n,), generator=g) for n in (1, 9, N_POS)]
        cases = [{"ids": s.tolist(), "logits": [[float("%.7g" % v) for v in row] for row in forward(w, s).tolist()]}
                 for s in sequences[:2]]
        # the full-context sequence: only its last row, to keep the file small
        cases.append({"ids": sequences[2].tolist(), "last_logits": [float("%.7g" % v) for v in forward(w, sequences[2])[-1].tolist()]})
        prompt = torch.randint(0, VOCAB, (5,), generator=g)
        seq, gap = prompt.clone(), float("inf")
        for _ in range(24):
            last = forward(w, seq)[-1]
            top = last.topk(2).values
            gap = min(gap, float(top[0] - top[1]))
            seq = torch.cat([seq, last.argmax().view(1)])
        assert gap > 1e-3, "greedy steps too close to a tie for a golden: %g" % gap
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"cases": cases, "greedy": {"prompt": prompt.tolist(), "continuation": seq[5:].tolist()}}, f)
    print("wrote", OUT, "vocab", VOCAB, "smallest greedy margin %.4g" % gap)


if __name__ == "__main__":
    main()
