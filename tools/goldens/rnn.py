"""torch.nn recurrent layers and cells: each built with the suite's seed, its state_dict recorded, then one forward
on a random input (and random initial states where given) and a backward with random upstream gradients on every
output (the sequence and the final states). Recorded: outputs, gradients of the input, of the initial states and of
every parameter, and the repr. The config keywords are the torch constructor's.
Cases with lengths run a padded batch through pack_padded_sequence(enforce_sorted=False), the layer, and
pad_packed_sequence(total_length=seq), so outputs at padded steps are 0 and padded inputs get no gradient.
"""

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from golden import _encode, write_cases

CTORS = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU, "RNNCell": nn.RNNCell, "LSTMCell": nn.LSTMCell, "GRUCell": nn.GRUCell}


class RecurrentSuite:
    def __init__(self, family, seed=0):
        self.family, self.cases = family, []
        torch.manual_seed(seed)

    def case(self, module, x_shape, states=(), lengths=None, atol=1e-5, rtol=1e-4, grad_atol=1e-4, grad_rtol=1e-4, **config):
        """states: shapes of h0 (and c0 for LSTM / LSTMCell), given explicitly; none means zeros.
        lengths: one per batch element, in batch order (not sorted), for a padded batch."""
        m = CTORS[module](**config)
        state = [[k, _encode(v)] for k, v in m.state_dict().items()]
        x = torch.randn(x_shape, requires_grad=True)
        s0 = [torch.randn(s, requires_grad=True) for s in states]
        if module.endswith("Cell"):
            out = m(x, tuple(s0) if module == "LSTMCell" and s0 else (s0[0] if s0 else None))
            outs = list(out) if isinstance(out, tuple) else [out]
        else:
            bf = config.get("batch_first", False)
            seq = x if lengths is None else pack_padded_sequence(x, torch.tensor(lengths), batch_first=bf, enforce_sorted=False)
            out, hn = m(seq, (tuple(s0) if module == "LSTM" else s0[0]) if s0 else None)
            if lengths is not None:
                out, _ = pad_packed_sequence(out, batch_first=bf, total_length=x.shape[1 if bf else 0])
            outs = [out] + (list(hn) if isinstance(hn, tuple) else [hn])
        ups = [torch.randn(o.shape) for o in outs]
        params = list(m.named_parameters())
        gs = torch.autograd.grad(outs, [x] + s0 + [p for _, p in params], ups)
        self.cases.append({
            "module": module, "name": "%s#%d" % (module, sum(1 for c in self.cases if c["module"] == module)),
            "config": config, **({"lengths": lengths} if lengths is not None else {}), "repr": repr(m), "state": state,
            "args": [_encode(t) for t in [x] + s0],
            "outputs": [_encode(o) for o in outs], "upstream": [_encode(u) for u in ups],
            "grads": [_encode(g) for g in gs[:1 + len(s0)]],
            "param_grads": [[k, _encode(g)] for (k, _), g in zip(params, gs[1 + len(s0):])],
            "atol": atol, "rtol": rtol, "grad_atol": grad_atol, "grad_rtol": grad_rtol,
        })

    def write(self):
        write_cases(self.family, self.cases, "modules")


def build():
    s = RecurrentSuite("rnn")
    T, B, I, H = 5, 3, 4, 3

    s.case("RNNCell", (B, I), input_size=I, hidden_size=H)
    s.case("RNNCell", (B, I), [(B, H)], input_size=I, hidden_size=H, nonlinearity="relu")
    s.case("RNNCell", (I,), [(H,)], input_size=I, hidden_size=H, bias=False)
    s.case("LSTMCell", (B, I), input_size=I, hidden_size=H)
    s.case("LSTMCell", (B, I), [(B, H), (B, H)], input_size=I, hidden_size=H)
    s.case("GRUCell", (B, I), input_size=I, hidden_size=H)
    s.case("GRUCell", (B, I), [(B, H)], input_size=I, hidden_size=H)

    for kind in ("RNN", "LSTM", "GRU"):
        n0 = 2 if kind == "LSTM" else 1
        s.case(kind, (T, B, I), input_size=I, hidden_size=H)
        s.case(kind, (T, B, I), [(2, B, H)] * n0, input_size=I, hidden_size=H, num_layers=2)
        s.case(kind, (B, T, I), [(4, B, H)] * n0, input_size=I, hidden_size=H, num_layers=2, batch_first=True, bidirectional=True)
        s.case(kind, (T, I), [(2, H)] * n0, input_size=I, hidden_size=H, bidirectional=True)
    s.case("RNN", (T, B, I), input_size=I, hidden_size=H, num_layers=2, nonlinearity="relu", bias=False)
    s.case("LSTM", (T, B, I), input_size=I, hidden_size=H, bias=False, batch_first=False)

    # padded batches: unsorted lengths, one filling the input and (second set) none filling it
    for kind in ("RNN", "LSTM", "GRU"):
        n0 = 2 if kind == "LSTM" else 1
        s.case(kind, (T, B, I), lengths=[2, 5, 3], input_size=I, hidden_size=H)
        s.case(kind, (B, T, I), [(4, B, H)] * n0, lengths=[3, 1, 4], input_size=I, hidden_size=H, num_layers=2,
               batch_first=True, bidirectional=True)
        s.case(kind, (T, B, I), [(2, B, H)] * n0, lengths=[5, 2, 4], input_size=I, hidden_size=H, bidirectional=True)
    s.case("RNN", (T, B, I), lengths=[4, 5, 1], input_size=I, hidden_size=H, num_layers=2, nonlinearity="relu")
    return s
