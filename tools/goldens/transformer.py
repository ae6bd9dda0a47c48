"""torch.nn Transformer layers (torch 1.13): TransformerEncoderLayer, TransformerDecoderLayer, TransformerEncoder,
TransformerDecoder and Transformer, with dropout 0 (training mode, so torch takes no inference fast path). Every
parameter is re-drawn at random (biases and norms too, and each stacked layer differently) and recorded in the state
dict; inputs and masks are named in "names" (in forward's order) so the Java side reads them by name. Recorded:
the output, gradients of every float input and of every parameter, and the repr.
"""
import torch
import torch.nn as nn

from attention import AttentionSuite
from golden import _encode


class TransformerSuite(AttentionSuite):
    def module(self, kind, m, inputs, batch_first, **extra):
        """inputs: list of (name, tensor); float inputs other than masks are differentiable."""
        with torch.no_grad():
            for _, p in m.named_parameters():
                p.normal_(0, 0.5) if p.dim() > 1 else p.normal_(0, 1)
        state = [[k, _encode(v)] for k, v in m.state_dict().items()]
        for name, x in inputs:
            if x is not None and x.is_floating_point() and not name.endswith("mask"):
                x.requires_grad_(True)
        inputs = [(k, x) for k, x in inputs if x is not None]
        out = m(**dict(inputs))
        self._record(kind, [(x, x.requires_grad) for _, x in inputs], [out], list(m.named_parameters()),
                     names=[k for k, _ in inputs], repr=repr(m), state=state, batch_first=batch_first,
                     bool_masks=[k for k, x in inputs if x.dtype == torch.bool and not k.endswith("key_padding_mask")], **extra)


def seq(t, b, e, batch_first):
    return torch.randn((b, t, e) if batch_first else (t, b, e)) if b else torch.randn(t, e)


def padding(b, s, p=0.4):
    pad = torch.rand(b, s) < p
    pad[:, 0] = False  # no fully masked rows: torch 1.13 gives NaN there
    return pad


def layer_config(d, h, ff, act, bf, nf):
    return dict(d_model=d, nhead=h, dim_feedforward=ff, dropout=0.0, activation=act, batch_first=bf, norm_first=nf)


def build():
    s = TransformerSuite("transformer")
    E, H, FF, T, S, B = 8, 2, 12, 5, 6, 2
    causal = nn.Transformer.generate_square_subsequent_mask
    # encoder layers: post/pre-norm, relu/gelu, sequence/batch first, masks
    for act, bf, nf, src_mask, kpm in (("relu", False, False, None, False), ("gelu", True, True, "bool", True),
                                       ("relu", True, False, "causal", True), ("gelu", False, True, "float", False)):
        cfg = layer_config(E, H, FF, act, bf, nf)
        mask = {None: None, "causal": causal(S), "float": torch.randn(S, S), "bool": torch.rand(S, S) < 0.3}[src_mask]
        if src_mask == "bool":
            mask[:, 0] = False
        s.module("encoder_layer", nn.TransformerEncoderLayer(**cfg),
                 [("src", seq(S, B, E, bf)), ("src_mask", mask), ("src_key_padding_mask", padding(B, S) if kpm else None)],
                 bf, config=cfg)
    cfg = layer_config(E, H, FF, "relu", False, False)
    s.module("encoder_layer", nn.TransformerEncoderLayer(**cfg), [("src", seq(S, 0, E, False))], False, config=cfg)  # unbatched
    # decoder layers
    for act, bf, nf, masks in (("relu", False, False, False), ("gelu", True, True, True), ("relu", True, False, True),
                               ("gelu", False, True, False)):
        cfg = layer_config(E, H, FF, act, bf, nf)
        s.module("decoder_layer", nn.TransformerDecoderLayer(**cfg),
                 [("tgt", seq(T, B, E, bf)), ("memory", seq(S, B, E, bf)), ("tgt_mask", causal(T)),
                  ("memory_mask", torch.randn(T, S) if masks else None),
                  ("tgt_key_padding_mask", padding(B, T) if masks else None),
                  ("memory_key_padding_mask", padding(B, S) if masks else None)], bf, config=cfg)
    # stacks and the whole model
    cfg = layer_config(E, H, FF, "gelu", True, False)
    s.module("encoder", nn.TransformerEncoder(nn.TransformerEncoderLayer(**cfg), 2, nn.LayerNorm(E)),
             [("src", seq(S, B, E, True)), ("src_key_padding_mask", padding(B, S))], True, config=cfg, num_layers=2, norm=True)
    cfg = layer_config(E, H, FF, "relu", False, True)
    s.module("decoder", nn.TransformerDecoder(nn.TransformerDecoderLayer(**cfg), 2),
             [("tgt", seq(T, B, E, False)), ("memory", seq(S, B, E, False)), ("tgt_mask", causal(T)),
              ("memory_key_padding_mask", padding(B, S))], False, config=cfg, num_layers=2, norm=False)
    for bf, nf in ((False, False), (True, True)):
        cfg = dict(d_model=E, nhead=H, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=FF, dropout=0.0,
                   batch_first=bf, norm_first=nf)
        s.module("transformer", nn.Transformer(**cfg),
                 [("src", seq(S, B, E, bf)), ("tgt", seq(T, B, E, bf)), ("tgt_mask", causal(T)),
                  ("src_key_padding_mask", padding(B, S)), ("tgt_key_padding_mask", padding(B, T)),
                  ("memory_key_padding_mask", padding(B, S))], bf, config=cfg)
    return s
