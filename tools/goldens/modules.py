"""torch.nn modules: each built with the suite's seed, its state_dict recorded, then one forward (in training or
eval mode) and a backward with a random upstream gradient. Recorded: output, input gradients, every parameter's
gradient and every buffer after the forward (BatchNorm's running statistics), and the module's repr.

The config keywords are the torch constructor's (the Java side reads the same names); ModuleSuite.module says how
to build the torch module from them.
"""

import torch
import torch.nn as nn

from golden import _encode, write_cases, int_values, ints, randn, uniform, values


def _tuples(config):
    """Sizes as a Python caller writes them (tuples), so that the repr matches; JSON records them as lists."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in config.items()}


class ModuleSuite:
    def __init__(self, family, seed=0):
        self.family, self.modules, self.cases = family, {}, []
        torch.manual_seed(seed)

    def module(self, name, ctor, atol=1e-5, rtol=1e-4, grad_atol=None, grad_rtol=None):
        """ctor(**config) -> torch module."""
        self.modules[name] = (ctor, atol, rtol, grad_atol if grad_atol is not None else atol, grad_rtol if grad_rtol is not None else rtol)

    def _name(self, module):
        return "%s#%d" % (module, sum(1 for c in self.cases if c["module"] == module))

    def case(self, module, inputs, train=True, prep=None, **config):
        """One forward of the module built from config on these input specs; prep(m) may set state first."""
        ctor, atol, rtol, gatol, grtol = self.modules[module]
        m = ctor(**_tuples(config))
        if prep is not None:
            with torch.no_grad():
                prep(m)
        state = [[k, _encode(v)] for k, v in m.state_dict().items()]
        m.train(train)
        xs = [s.build() for s in inputs]
        out = m(*xs)
        up = torch.randn(out.shape)
        diff_in = [x for x in xs if x.is_floating_point() and x.requires_grad]
        params = [(k, p) for k, p in m.named_parameters() if p.requires_grad]
        gs = torch.autograd.grad([out], diff_in + [p for _, p in params], [up], allow_unused=True) if out.requires_grad else [None] * (len(diff_in) + len(params))
        gin = {id(x): g for x, g in zip(diff_in, gs)}
        args = []
        for s, x in zip(inputs, xs):
            a = _encode(x)
            a.update(layout=s.layout, grad=bool(s.kind == "float" and s.grad))
            args.append(a)
        self.cases.append({
            "module": module, "name": self._name(module), "config": config, "train": train, "repr": repr(m),
            "state": state, "args": args,
            "output": _encode(out), "upstream": _encode(up) if out.requires_grad else None,
            "grads": [_encode(gin[id(x)]) if gin.get(id(x)) is not None else None for x in xs],
            "param_grads": [[k, _encode(g) if g is not None else None] for (k, _), g in zip(params, gs[len(diff_in):])],
            "buffers": [[k, _encode(v)] for k, v in m.named_buffers()],
            "atol": atol, "rtol": rtol, "grad_atol": gatol, "grad_rtol": grtol,
        })

    def error(self, module, inputs, train=True, **config):
        """PyTorch rejects this (building the module or its forward); nabla must throw IllegalArgumentException or IndexOutOfBoundsException."""
        ctor = self.modules[module][0]
        xs = [s.build() for s in inputs]
        try:
            m = ctor(**_tuples(config))
            m.train(train)
            m(*xs)
        except (RuntimeError, IndexError, ValueError, AssertionError):
            pass
        else:
            raise AssertionError("expected PyTorch to reject %s with %s" % (module, config))
        args = []
        for s, x in zip(inputs, xs):
            a = _encode(x)
            a.update(layout=s.layout, grad=False)
            args.append(a)
        self.cases.append({"module": module, "name": self._name(module) + "-error", "config": config, "train": train, "args": args, "error": True})

    def write(self):
        write_cases(self.family, self.cases, "modules")


def _random_stats(m):
    """Running statistics away from their initial values, so eval mode and the momentum update are really tested."""
    m.running_mean.normal_()
    m.running_var.uniform_(0.5, 2.0)
    m.num_batches_tracked.fill_(3)
    if m.affine:
        m.weight.normal_()
        m.bias.normal_()


def _affine(m):
    m.weight.normal_()
    if m.bias is not None:
        m.bias.normal_()


def _small_cnn():
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16, 3))


def build():
    s = ModuleSuite("modules")
    g = dict(grad_atol=1e-4, grad_rtol=1e-4)

    s.module("Linear", lambda **kw: nn.Linear(**kw))
    s.case("Linear", [randn(2, 4)], in_features=4, out_features=3)
    s.case("Linear", [randn(2, 5, 4, layout="transposed")], in_features=4, out_features=3, bias=False)
    s.case("Linear", [randn(0, 4)], in_features=4, out_features=2)
    s.error("Linear", [randn(2, 5)], in_features=4, out_features=3)

    s.module("Embedding", lambda **kw: nn.Embedding(**kw))
    s.case("Embedding", [ints(0, 10, 2, 4)], num_embeddings=10, embedding_dim=3)
    s.case("Embedding", [int_values([[0, 2, 0], [5, 1, 0]])], num_embeddings=6, embedding_dim=4, padding_idx=0)
    s.case("Embedding", [int_values([3, 4, 4, 1])], num_embeddings=5, embedding_dim=2, padding_idx=-1)
    s.error("Embedding", [int_values([1, 7])], num_embeddings=5, embedding_dim=2)
    s.error("Embedding", [int_values([1])], num_embeddings=5, embedding_dim=2, padding_idx=5)

    s.module("Conv1d", lambda **kw: nn.Conv1d(**kw), atol=1e-5, rtol=1e-4, **g)
    s.case("Conv1d", [randn(2, 3, 9)], in_channels=3, out_channels=4, kernel_size=3)
    s.case("Conv1d", [randn(2, 3, 9, layout="transposed")], in_channels=3, out_channels=2, kernel_size=3, stride=2, padding=1)
    s.case("Conv1d", [randn(1, 4, 11)], in_channels=4, out_channels=6, kernel_size=3, dilation=2, groups=2, bias=False)
    s.case("Conv1d", [randn(3, 7)], in_channels=3, out_channels=2, kernel_size=2)                       # unbatched
    s.error("Conv1d", [randn(2, 3, 9)], in_channels=3, out_channels=4, kernel_size=3, groups=2)
    s.error("Conv1d", [randn(2, 4, 9)], in_channels=3, out_channels=4, kernel_size=3)

    s.module("Conv2d", lambda **kw: nn.Conv2d(**kw), atol=1e-5, rtol=1e-4, **g)
    s.case("Conv2d", [randn(2, 3, 6, 6)], in_channels=3, out_channels=4, kernel_size=3, padding=1)
    s.case("Conv2d", [randn(1, 2, 7, 8, layout="transposed")], in_channels=2, out_channels=3, kernel_size=[2, 3], stride=2)
    s.case("Conv2d", [randn(2, 4, 7, 7)], in_channels=4, out_channels=2, kernel_size=3, dilation=2, groups=2, bias=False)
    s.case("Conv2d", [randn(2, 5, 5, layout="strided")], in_channels=2, out_channels=2, kernel_size=[3, 1], stride=[1, 2], padding=[1, 0])
    s.error("Conv2d", [randn(1, 3, 2, 2)], in_channels=3, out_channels=2, kernel_size=3)

    s.module("MaxPool2d", lambda **kw: nn.MaxPool2d(**kw))
    s.case("MaxPool2d", [randn(2, 3, 4, 4)], kernel_size=2)
    s.case("MaxPool2d", [randn(1, 2, 7, 6, layout="transposed")], kernel_size=3, stride=2, padding=1)
    s.case("MaxPool2d", [randn(2, 5, 6)], kernel_size=[2, 3], stride=[1, 2])

    s.module("AvgPool2d", lambda **kw: nn.AvgPool2d(**kw))
    s.case("AvgPool2d", [randn(2, 3, 4, 4)], kernel_size=2)
    s.case("AvgPool2d", [randn(1, 2, 7, 6)], kernel_size=3, stride=2, padding=1, count_include_pad=False)
    s.case("AvgPool2d", [randn(1, 2, 7, 6, layout="offset")], kernel_size=3, stride=2, padding=1)

    s.module("AdaptiveAvgPool2d", lambda **kw: nn.AdaptiveAvgPool2d(**kw))
    s.case("AdaptiveAvgPool2d", [randn(2, 3, 4, 5)], output_size=1)
    s.case("AdaptiveAvgPool2d", [randn(1, 2, 5, 7)], output_size=[2, 3])
    s.case("AdaptiveAvgPool2d", [randn(2, 7, 5, layout="transposed")], output_size=[3, 3])           # overlapping windows
    s.case("AdaptiveAvgPool2d", [randn(1, 1, 3, 2)], output_size=[4, 5])                             # larger than the input
    s.case("AdaptiveAvgPool2d", [randn(0, 2, 4, 4)], output_size=2)                                  # empty batch
    s.error("AdaptiveAvgPool2d", [randn(2, 4, 4)], output_size=[2, 2, 2])
    s.error("AdaptiveAvgPool2d", [randn(4, 4)], output_size=2)

    s.module("BatchNorm1d", lambda **kw: nn.BatchNorm1d(**kw), atol=1e-5, rtol=1e-4, **g)
    s.case("BatchNorm1d", [randn(8, 4)], num_features=4)
    s.case("BatchNorm1d", [randn(3, 4, 5, scale=3)], prep=_random_stats, num_features=4)
    s.case("BatchNorm1d", [randn(3, 4, 5)], train=False, prep=_random_stats, num_features=4)
    s.case("BatchNorm1d", [randn(6, 3)], prep=_random_stats, num_features=3, momentum=None)
    s.case("BatchNorm1d", [randn(6, 3, layout="transposed")], num_features=3, momentum=0.3, eps=1e-3, affine=False)
    s.case("BatchNorm1d", [randn(5, 3)], num_features=3, track_running_stats=False)
    s.case("BatchNorm1d", [randn(5, 3)], train=False, num_features=3, track_running_stats=False)   # batch statistics in eval too
    s.case("BatchNorm1d", [randn(2, 3)], num_features=3)                                             # two values per channel
    s.error("BatchNorm1d", [randn(1, 4)], num_features=4)                                            # one value per channel
    s.error("BatchNorm1d", [randn(2, 4, 3, 3)], num_features=4)
    s.error("BatchNorm1d", [randn(5, 3)], num_features=4)

    s.module("BatchNorm2d", lambda **kw: nn.BatchNorm2d(**kw), atol=1e-5, rtol=1e-4, **g)
    s.case("BatchNorm2d", [randn(2, 3, 4, 4)], num_features=3)
    s.case("BatchNorm2d", [randn(2, 3, 4, 5, layout="transposed")], prep=_random_stats, num_features=3, momentum=0.3)
    s.case("BatchNorm2d", [randn(2, 3, 4, 4)], train=False, prep=_random_stats, num_features=3)
    s.case("BatchNorm2d", [randn(4, 2, 3, 3)], prep=_random_stats, num_features=2, momentum=None)
    s.case("BatchNorm2d", [randn(1, 2, 1, 2, scale=5)], num_features=2, affine=False)
    s.case("BatchNorm2d", [randn(4, 8, 5, 5)], prep=_random_stats, num_features=8)
    s.error("BatchNorm2d", [randn(2, 3, 4)], num_features=3)

    s.module("LayerNorm", lambda **kw: nn.LayerNorm(**kw), atol=1e-5, rtol=1e-4, **g)
    s.case("LayerNorm", [randn(4, 5)], prep=_affine, normalized_shape=[5])
    s.case("LayerNorm", [randn(2, 3, 4, 5, layout="transposed")], prep=_affine, normalized_shape=[4, 5])
    s.case("LayerNorm", [randn(3, 6)], normalized_shape=[6], eps=1e-3, elementwise_affine=False)
    s.case("LayerNorm", [randn(3, 6)], normalized_shape=[6])
    s.error("LayerNorm", [randn(3, 6)], normalized_shape=[5])

    s.module("Dropout", lambda **kw: nn.Dropout(**kw))                 # PyTorch's RNG cannot be matched: identity cases
    s.case("Dropout", [randn(3, 4)], p=0.0)
    s.case("Dropout", [randn(3, 4)], train=False, p=0.5)
    s.case("Dropout", [randn(2, 5)], train=False, p=0.25)
    s.error("Dropout", [randn(3)], p=1.5)

    s.module("Flatten", lambda **kw: nn.Flatten(**kw))
    s.case("Flatten", [randn(2, 3, 4)])
    s.case("Flatten", [randn(2, 3, 4, 2, layout="transposed")], start_dim=0, end_dim=2)
    s.case("Flatten", [randn(2, 3, 4)], start_dim=-2, end_dim=-1)
    s.error("Flatten", [randn(2, 3)], start_dim=3)

    kinks = values([-2.0, -0.5, 0.0, 0.0, 0.5, 2.0, -1e-3, 3.0], shape=[2, 4])
    s.module("ReLU", lambda: nn.ReLU())
    s.case("ReLU", [kinks])
    s.case("ReLU", [randn(3, 4, layout="strided")])
    s.module("LeakyReLU", lambda **kw: nn.LeakyReLU(**kw))
    s.case("LeakyReLU", [kinks])
    s.case("LeakyReLU", [randn(3, 4)], negative_slope=0.2)
    s.module("GELU", lambda **kw: nn.GELU(**kw))
    s.case("GELU", [randn(3, 4, scale=2)])
    s.case("GELU", [randn(3, 4, scale=2)], approximate="tanh")
    s.module("Tanh", lambda: nn.Tanh())
    s.case("Tanh", [randn(3, 4, scale=2)])
    s.module("Sigmoid", lambda: nn.Sigmoid())
    s.case("Sigmoid", [randn(3, 4, scale=3)])
    s.module("SiLU", lambda: nn.SiLU())
    s.case("SiLU", [randn(3, 4, scale=2)])
    s.module("Softplus", lambda **kw: nn.Softplus(**kw))
    s.case("Softplus", [randn(3, 4, scale=5)])
    s.case("Softplus", [randn(3, 4, scale=5)], beta=2, threshold=4)
    s.module("Softmax", lambda **kw: nn.Softmax(**kw))
    s.case("Softmax", [randn(3, 4, scale=2)], dim=1)
    s.case("Softmax", [randn(2, 3, 4, layout="transposed")], dim=0)
    s.module("LogSoftmax", lambda **kw: nn.LogSoftmax(**kw))
    s.case("LogSoftmax", [randn(3, 4, scale=2)], dim=-1)
    s.case("LogSoftmax", [randn(2, 3, 4)], dim=1)
    s.module("Identity", lambda: nn.Identity())
    s.case("Identity", [randn(2, 3)])

    s.module("Bilinear", lambda **kw: nn.Bilinear(**kw), atol=1e-5, rtol=1e-4, **g)
    s.case("Bilinear", [randn(4, 3), randn(4, 2)], in1_features=3, in2_features=2, out_features=5)
    s.case("Bilinear", [randn(2, 3, 3, layout="transposed"), randn(2, 3, 4)], in1_features=3, in2_features=4, out_features=2, bias=False)
    s.error("Bilinear", [randn(4, 3), randn(5, 2)], in1_features=3, in2_features=2, out_features=5)

    s.module("MSELoss", lambda **kw: nn.MSELoss(**kw))
    s.case("MSELoss", [randn(3, 4), randn(3, 4, grad=False)])
    s.case("MSELoss", [randn(3, 4, layout="transposed"), randn(3, 4)], reduction="sum")
    s.case("MSELoss", [randn(5), randn(5, grad=False)], reduction="none")
    s.module("L1Loss", lambda **kw: nn.L1Loss(**kw))
    s.case("L1Loss", [randn(3, 4), randn(3, 4, grad=False)])
    s.case("L1Loss", [randn(2, 3), randn(2, 3)], reduction="none")
    s.module("CrossEntropyLoss", lambda **kw: nn.CrossEntropyLoss(**kw))
    s.case("CrossEntropyLoss", [randn(4, 5), ints(0, 5, 4)])
    s.case("CrossEntropyLoss", [randn(6, 4), int_values([0, 2, 3, 2, 2, 1])], ignore_index=2)
    s.case("CrossEntropyLoss", [randn(5, 4, layout="transposed"), int_values([1, -100, 0, 3, 2])], label_smoothing=0.1, reduction="sum")
    s.case("CrossEntropyLoss", [randn(2, 3, 4), ints(0, 3, 2, 4)], reduction="none")
    s.module("NLLLoss", lambda **kw: nn.NLLLoss(**kw))
    s.case("NLLLoss", [randn(4, 5), ints(0, 5, 4)])
    s.case("NLLLoss", [randn(4, 5), int_values([1, 0, 1, 4])], ignore_index=1, reduction="sum")
    s.module("BCEWithLogitsLoss", lambda pos_weight_shape=None, **kw:
             nn.BCEWithLogitsLoss(pos_weight=torch.rand(pos_weight_shape) * 2 if pos_weight_shape else None, **kw))
    s.case("BCEWithLogitsLoss", [randn(3, 4, scale=3), uniform(3, 4, low=0, high=1, grad=False)])
    s.case("BCEWithLogitsLoss", [randn(3, 4, scale=3), uniform(3, 4, low=0, high=1)], pos_weight_shape=[4], reduction="none")
    s.case("BCEWithLogitsLoss", [randn(2, 4), values([[0, 1, 1, 0], [1, 0, 0, 1]], grad=False)], pos_weight_shape=[4], reduction="sum")

    s.module("SmallCNN", _small_cnn, atol=1e-5, rtol=1e-4, **g)
    s.case("SmallCNN", [randn(2, 1, 4, 4)])
    s.case("SmallCNN", [randn(3, 1, 4, 4)], train=False, prep=lambda m: _random_stats(m[1]))
    return s
