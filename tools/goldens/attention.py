"""Attention: scaled dot-product attention (written with torch ops: torch 1.13 has no F.scaled_dot_product_attention;
this is torch 2.x's documented reference), torch.nn.MultiheadAttention with its own weights, and the sinusoidal
positional encoding of the torch tutorial. Each case records inputs, outputs, random upstream gradients, and the
gradients of every float input (and of every parameter for modules). Dropout is not recorded (tested in Java).
"""
import math

import torch
import torch.nn as nn

from golden import _encode
from rnn import RecurrentSuite


def sdpa(q, k, v, mask=None, causal=False, scale=None):
    """torch 2.x's reference, with fully masked rows set to zero (as its math path since 2.5; nabla's choice)."""
    t, s = q.size(-2), k.size(-2)
    scores = q @ k.transpose(-2, -1) * (scale if scale is not None else 1 / math.sqrt(q.size(-1)))
    if causal:
        scores = scores.masked_fill(~torch.ones(t, s, dtype=torch.bool).tril(), float("-inf"))
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
    dead = torch.isinf(scores).all(-1, keepdim=True) & (scores < 0).all(-1, keepdim=True)
    w = scores.masked_fill(dead, 0).softmax(-1).masked_fill(dead, 0)
    return w @ v, w


def sinusoidal(max_len, d):
    """The torch tutorial's PositionalEncoding table (max_len, 1, d), for even d."""
    pos = torch.arange(max_len).unsqueeze(1)
    div = torch.exp(torch.arange(0, d, 2) * (-math.log(10000.0) / d))
    pe = torch.zeros(max_len, 1, d)
    pe[:, 0, 0::2] = torch.sin(pos * div)
    pe[:, 0, 1::2] = torch.cos(pos * div)
    return pe


class AttentionSuite(RecurrentSuite):
    """Module cases in rnn.py's file format (written by RecurrentSuite.write), with a "kind" instead of a "module"."""

    def _record(self, kind, inputs, outs, params=(), **extra):
        """inputs: list of (tensor, differentiable); outs: output tensors; params: named parameters."""
        ups = [torch.randn(o.shape) for o in outs]
        diff = [x for x, d in inputs if d]
        gs = torch.autograd.grad(outs, diff + [p for _, p in params], ups, allow_unused=True)
        gs = [g if g is not None else torch.zeros_like(x) for g, x in zip(gs, diff + [p for _, p in params])]
        it = iter(gs[:len(diff)])
        c = {"kind": kind, "name": "%s#%d" % (kind, sum(1 for c in self.cases if c["kind"] == kind)),
             "args": [_encode(x) for x, _ in inputs],
             "outputs": [_encode(o) for o in outs], "upstream": [_encode(u) for u in ups],
             "grads": [_encode(next(it)) if d else None for _, d in inputs],
             "param_grads": [[k, _encode(g)] for (k, _), g in zip(params, gs[len(diff):])],
             "atol": 1e-5, "rtol": 1e-4, "grad_atol": 1e-4, "grad_rtol": 1e-4}
        c.update(extra)
        self.cases.append(c)

    def sdpa(self, q, k, v, mask=None, causal=False, scale=None):
        """q, k, v: shapes; mask: None, ("bool", shape, p_keep) or ("float", shape)."""
        qs = [torch.randn(s, requires_grad=True) for s in (q, k, v)]
        m = None
        if mask is not None and mask[0] == "bool":
            m = torch.rand(mask[1]) < mask[2]
        elif mask is not None:
            m = torch.randn(mask[1]) * 2
        out, w = sdpa(*qs, m, causal, scale)
        inputs = [(x, True) for x in qs] + ([(m, False)] if m is not None else [])
        self._record("sdpa", inputs, [out, w], mask=None if m is None else mask[0], causal=causal, scale=scale)

    def mha(self, query, key=None, value=None, kpm=None, attn_mask=None, need_weights=True, average=True, **config):
        """key/value None: self-attention on the query. kpm: (B, S) padding probability; attn_mask: ("bool"|"float", shape)."""
        m = nn.MultiheadAttention(**config)
        with torch.no_grad():  # random biases, so that their gradients and use are tested
            for k, p in m.named_parameters():
                if "bias" in k:
                    p.normal_()
        state = [[k, _encode(v)] for k, v in m.state_dict().items()]
        q = torch.randn(query, requires_grad=True)
        k = q if key is None else torch.randn(key, requires_grad=True)
        v = k if value is None else torch.randn(value, requires_grad=True)
        bf = config.get("batch_first", False)
        pad = None
        if kpm is not None:
            b, s = (k.size(0), k.size(1)) if bf else (k.size(1), k.size(0))
            pad = torch.rand(b, s) < kpm
            pad[:, 0] = False  # no fully masked rows: torch 1.13 gives NaN there
        am = None
        if attn_mask is not None:
            am = (torch.rand(attn_mask[1]) < 0.3) if attn_mask[0] == "bool" else torch.randn(attn_mask[1])
            if attn_mask[0] == "bool":
                am[..., 0] = False
        out, w = m(q, k, v, key_padding_mask=pad, attn_mask=am, need_weights=need_weights, average_attn_weights=average)
        outs = [out] + ([w] if need_weights else [])
        inputs = [(q, True)] + ([(k, True)] if key is not None else []) + ([(v, True)] if value is not None else [])
        inputs += [(x, False) for x in (pad, am) if x is not None]
        self._record("mha", inputs, outs, list(m.named_parameters()), config=config, repr=repr(m), state=state,
                     self_attention=key is None, same_kv=value is None, key_padding_mask=pad is not None,
                     attn_mask=None if am is None else attn_mask[0], need_weights=need_weights, average=average)

    def positional(self, max_len, d, x_shape, batch_first):
        x = torch.randn(x_shape, requires_grad=True)
        pe = sinusoidal(max_len, d)
        t = x.size(1) if batch_first else x.size(0)
        out = x + (pe[:t].transpose(0, 1) if batch_first else pe[:t])
        self._record("sinusoidal", [(x, True)], [out], max_len=max_len, d_model=d, batch_first=batch_first)


def build():
    s = AttentionSuite("attention")
    # scaled dot-product attention
    s.sdpa((3, 4), (3, 4), (3, 4))
    s.sdpa((2, 3, 4), (2, 5, 4), (2, 5, 6))                        # T != S, Ev != E
    s.sdpa((2, 2, 4, 3), (2, 2, 4, 3), (2, 2, 4, 3), causal=True)   # batch and heads
    s.sdpa((2, 3, 5), (2, 4, 5), (2, 4, 2), causal=True)            # causal with T < S (top-left)
    s.sdpa((2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 3), mask=("bool", (3, 5), 0.6))
    s.sdpa((2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 3), mask=("bool", (2, 1, 3, 5), 0.3))  # some fully masked rows
    s.sdpa((2, 3, 4), (2, 5, 4), (2, 5, 4), mask=("float", (2, 3, 5)), scale=0.3)
    s.sdpa((2, 2, 3, 4), (1, 2, 5, 4), (1, 2, 5, 4), mask=("float", (1, 5)), causal=True)  # broadcast batch
    # torch.nn.MultiheadAttention
    E, H, T, S, B = 8, 2, 4, 5, 3
    s.mha((T, B, E), embed_dim=E, num_heads=H)
    s.mha((B, T, E), embed_dim=E, num_heads=H, batch_first=True, need_weights=True, average=False)
    s.mha((T, B, E), (S, B, E), (S, B, E), kpm=0.4, embed_dim=E, num_heads=H)
    s.mha((B, T, E), (B, S, E), kpm=0.4, attn_mask=("float", (T, S)), embed_dim=E, num_heads=4, batch_first=True)
    s.mha((T, B, E), (S, B, 3), (S, B, 6), attn_mask=("bool", (B * H, T, S)), embed_dim=E, num_heads=H, kdim=3, vdim=6)
    s.mha((T, B, E), attn_mask=("bool", (T, T)), kpm=0.3, embed_dim=E, num_heads=1, bias=False, need_weights=False)
    s.mha((T, B, E), (S, B, E), (S, B, E), kpm=0.3, embed_dim=E, num_heads=H, add_bias_kv=True, add_zero_attn=True)
    s.mha((T, E), (S, E), (S, E), embed_dim=E, num_heads=H)          # unbatched
    # positional encodings
    s.positional(10, 6, (4, 2, 6), False)
    s.positional(10, 6, (2, 4, 6), True)
    return s
