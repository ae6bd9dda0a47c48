"""dev.nabla.ops.FusedAttention against PyTorch: softmax(scale·q·kᵀ + mask [+ causal -inf above the diagonal])·v,
composed of torch ops (torch 1.13 has no F.scaled_dot_product_attention). Each case records q, k, v, the additive mask
(or none), causal and scale, the output, a random upstream gradient and the gradients of q, k and v. Sizes cross the
kernel's tiles (64 queries × 256 keys forward, 64 × 64 backward) and its vector length; no row is fully masked
(torch gives NaN there, the fused op 0: FusedAttentionTest covers that).
"""
import math

import torch

from golden import _encode, write_cases


class AttentionSuite:
    def __init__(self, family, seed=0):
        self.family, self.cases = family, []
        torch.manual_seed(seed)

    def case(self, b, h, t, s, d, dv, mask_shape=None, causal=False, scale=None, pad=0, atol=1e-5, rtol=1e-4):
        """mask_shape: a random additive mask of that shape; pad: with mask_shape (B,1,1,S), the last pad keys of the
        last batch element get -inf (key padding)."""
        q, k = torch.randn(b, h, t, d, requires_grad=True), torch.randn(b, h, s, d, requires_grad=True)
        v = torch.randn(b, h, s, dv, requires_grad=True)
        scale = 1 / math.sqrt(d) if scale is None else scale
        mask = None if mask_shape is None else torch.randn(mask_shape)
        if pad:
            mask[-1, ..., s - pad:] = float("-inf")
        scores = q @ k.transpose(-2, -1) * scale
        if mask is not None:
            scores = scores + mask
        if causal:
            scores = scores.masked_fill(torch.ones(t, s, dtype=torch.bool).triu(1), float("-inf"))
        out = scores.softmax(-1) @ v
        up = torch.randn(out.shape)
        gq, gk, gv = torch.autograd.grad(out, [q, k, v], up)
        self.cases.append({
            "name": "B%d H%d T%d S%d D%d Dv%d%s%s" % (b, h, t, s, d, dv, " causal" if causal else "",
                                                    "" if mask_shape is None else " mask%s" % list(mask_shape)),
            "q": _encode(q), "k": _encode(k), "v": _encode(v), "mask": None if mask is None else _encode(mask),
            "causal": causal, "scale": scale, "out": _encode(out), "upstream": _encode(up),
            "grads": [_encode(g) for g in (gq, gk, gv)], "atol": atol, "rtol": rtol,
        })

    def write(self):
        write_cases(self.family, self.cases, "attention")


def build():
    s = AttentionSuite("fused_attention")
    s.case(1, 2, 3, 5, 1, 1)
    s.case(1, 1, 5, 5, 4, 3, causal=True, scale=0.7)
    s.case(2, 1, 17, 9, 16, 16)
    s.case(1, 1, 70, 70, 8, 8, causal=True)
    s.case(1, 1, 9, 260, 4, 4)
    s.case(2, 2, 6, 11, 8, 8, mask_shape=(2, 1, 1, 11), pad=4)
    s.case(2, 2, 7, 7, 8, 8, mask_shape=(2, 1, 1, 7), pad=2, causal=True)
    s.case(1, 2, 6, 10, 8, 5, mask_shape=(6, 10))
    s.case(2, 3, 4, 4, 2, 2, mask_shape=(1, 3, 4, 4), causal=True)
    return s
