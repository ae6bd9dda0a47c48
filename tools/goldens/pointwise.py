"""Elementwise ops: arithmetic with broadcasting, math functions, activations, comparisons, selection."""
import torch
import torch.nn.functional as F

from golden import Suite, mask, positive, randn, uniform, values

NAN, INF = float("nan"), float("inf")


def build():
    s = Suite("pointwise")

    # ------------------------------------------------------------ arithmetic
    s.op("add", lambda a, b: a + b)
    s.op("sub", lambda a, b: a - b)
    s.op("mul", lambda a, b: a * b)
    s.op("div", lambda a, b: a / b)
    s.op("neg", lambda a: -a)
    s.op("add_scalar", lambda a, c: a + c)
    s.op("sub_scalar", lambda a, c: a - c)
    s.op("mul_scalar", lambda a, c: a * c)
    s.op("div_scalar", lambda a, c: a / c)
    for op in ("add", "sub", "mul"):
        s.case(op, [randn(3, 4), randn(3, 4)])
        s.case(op, [randn(2, 3, 4), randn(4)])                                   # broadcast a trailing vector
        s.case(op, [randn(3, 1), randn(1, 4)])                                   # both sides broadcast
        s.case(op, [randn(2, 1, 3, layout="strided"), randn(4, 3, layout="transposed")])
        s.case(op, [randn(3, 4, layout="offset"), randn()])                      # 0-d operand
        s.case(op, [randn(), randn()])
        s.case(op, [randn(0, 3), randn(3)])                                      # empty
        s.case(op, [randn(5, 1, grad=False), randn(1, 6)])
        s.case(op, [randn(9, 17), randn(9, 17, layout="transposed")])
        s.error(op, [randn(2, 3), randn(4)])
        s.error(op, [randn(2, 3, 4), randn(3, 3)])
    s.case("div", [randn(3, 4), uniform(3, 4, low=0.5, high=2.0)])
    s.case("div", [randn(2, 3, 4), values([-2.0, -0.5, 0.75, 3.0])])
    s.case("div", [randn(3, 1), positive(1, 4)])
    s.case("div", [randn(3, 4, layout="transposed"), positive(3, 4, layout="strided")])
    s.case("div", [randn(3, 4, layout="offset"), values(1.5)])
    s.case("div", [randn(0, 3), positive(3)])
    s.case("div", [values([1.0, -1.0, 0.0]), values([0.0, 0.0, 2.0], grad=False)])  # division by zero: +-inf
    s.error("div", [randn(2, 3), randn(2)])
    s.case("neg", [randn(3, 4)])
    s.case("neg", [randn(3, 4, layout="transposed")])
    s.case("neg", [randn()])
    s.case("neg", [randn(0, 2)])
    for op in ("add_scalar", "sub_scalar", "mul_scalar"):
        s.case(op, [randn(3, 4)], c=2.5)
        s.case(op, [randn(2, 3, layout="strided")], c=-0.75)
        s.case(op, [randn()], c=3.0)
        s.case(op, [randn(0, 4)], c=1.0)
    s.case("div_scalar", [randn(3, 4)], c=2.5)
    s.case("div_scalar", [randn(2, 3, layout="transposed")], c=-0.75)
    s.case("div_scalar", [randn()], c=3.0)

    # ------------------------------------------------------------ powers, exp, log
    s.op("pow", lambda a, b: torch.pow(a, b), atol=1e-5, rtol=2e-4)
    s.op("pow_scalar", lambda a, exponent: torch.pow(a, exponent), atol=1e-5, rtol=2e-4)
    s.case("pow", [positive(3, 4), uniform(3, 4, low=-2, high=3)])
    s.case("pow", [positive(2, 3, 4), values([0.5, 1.0, 2.0, 3.0])])           # broadcast exponent
    s.case("pow", [positive(3, 1, layout="offset"), uniform(1, 4)])
    s.case("pow", [positive(4, 3, layout="transposed"), uniform(4, 3, layout="strided")])
    s.case("pow", [values([-2.0, -1.5, -1.0, 2.0]), values([2.0, 3.0, 2.0, -1.0])])  # negative bases, integer powers
    s.case("pow", [values([-2.0, 3.0]), values([0.5, 0.0])])                   # NaN for a negative base; exponent 0
    # base 0: PyTorch's conventions (0 for d/de at e >= 0, -inf / inf for negative powers)
    s.case("pow", [values([0.0, 0.0, 0.0, 0.0, 0.0]), values([0.0, 1.0, 2.0, 0.5, -1.0])])
    s.case("pow", [values(2.0), positive(3)])                                   # 0-d base
    s.case("pow", [positive(0, 3), randn(3)])
    s.error("pow", [positive(2, 3), randn(2)])
    s.case("pow_scalar", [randn(3, 4)], exponent=2.0)
    s.case("pow_scalar", [randn(3, 4, layout="transposed")], exponent=3.0)
    s.case("pow_scalar", [positive(3, 4)], exponent=0.5)
    s.case("pow_scalar", [positive(3, 4, layout="strided")], exponent=-0.5)
    s.case("pow_scalar", [positive(2, 5)], exponent=-1.5)
    s.case("pow_scalar", [positive(2, 5)], exponent=1.7)
    s.case("pow_scalar", [randn(2, 3)], exponent=0.0)
    s.case("pow_scalar", [randn(2, 3)], exponent=1.0)
    s.case("pow_scalar", [values([0.0, -0.0, 1.0, -2.0])], exponent=2.0)
    s.case("pow_scalar", [values([0.0, 4.0, -1.0])], exponent=0.5)
    s.case("pow_scalar", [values([0.0, 4.0, -2.0])], exponent=-1.0)
    s.case("pow_scalar", [randn()], exponent=2.0)
    s.case("pow_scalar", [randn(0, 3)], exponent=2.0)

    s.op("exp", torch.exp)
    s.op("log", torch.log)
    s.op("sqrt", torch.sqrt)
    s.op("rsqrt", torch.rsqrt, rtol=2e-4)
    s.case("exp", [randn(3, 4)])
    s.case("exp", [randn(4, 3, layout="transposed")])
    s.case("exp", [values([-100.0, -1.0, 0.0, 1.0, 20.0, 100.0, -INF, INF, NAN])])
    s.case("exp", [randn()])
    s.case("exp", [randn(0, 3)])
    for op in ("log", "sqrt", "rsqrt"):
        s.case(op, [positive(3, 4)])
        s.case(op, [positive(3, 4, layout="strided")])
        s.case(op, [positive(2, 3, low=1e-3, high=100.0, layout="offset")])
        s.case(op, [values([0.0, -1.0, 1.0, INF, NAN])])                        # edges: 0, negative, inf, NaN
        s.case(op, [positive()])
        s.case(op, [positive(0)])

    # ------------------------------------------------------------ other math
    s.op("abs", torch.abs)
    s.op("sin", torch.sin)
    s.op("cos", torch.cos)
    s.case("abs", [randn(3, 4)])
    s.case("abs", [values([-2.0, -0.0, 0.0, 1.5, -INF, NAN])])                # abs'(0) = 0, sign(NaN) = 0
    s.case("abs", [randn(4, 3, layout="transposed")])
    s.case("abs", [randn()])
    s.case("abs", [randn(2, 0)])
    for op in ("sin", "cos"):
        s.case(op, [randn(3, 4, scale=3.0)])
        s.case(op, [randn(3, 4, layout="strided")])
        s.case(op, [values([0.0, 3.14159265, -1.5707963, 100.0, INF, NAN])])
        s.case(op, [randn()])
        s.case(op, [randn(0, 3)])

    s.op("clamp", lambda a, min, max: torch.clamp(a, min=min, max=max))
    s.op("clamp_min", lambda a, min: torch.clamp(a, min=min))
    s.op("clamp_max", lambda a, max: torch.clamp(a, max=max))
    s.case("clamp", [randn(3, 4)], min=-0.5, max=0.5)
    s.case("clamp", [randn(4, 3, layout="transposed")], min=-1.0, max=0.25)
    s.case("clamp", [values([-1.0, -0.5, 0.0, 0.5, 1.0, NAN, INF, -INF])], min=-0.5, max=0.5)   # at the bounds
    s.case("clamp", [values([-1.0, 0.0, 1.5, 2.0, 3.0])], min=2.0, max=1.0)  # min > max: everything is max
    s.case("clamp", [randn()], min=-0.1, max=0.1)
    s.case("clamp", [randn(0, 2)], min=0.0, max=1.0)
    s.case("clamp_min", [values([-1.0, 0.0, 0.5, NAN, INF])], min=0.0)
    s.case("clamp_min", [randn(3, 4, layout="strided")], min=0.2)
    s.case("clamp_max", [values([-1.0, 0.0, 0.5, NAN, -INF])], max=0.0)
    s.case("clamp_max", [randn(3, 4, layout="offset")], max=-0.2)

    for op, fn in (("maximum", torch.maximum), ("minimum", torch.minimum)):
        s.op(op, fn)
        s.case(op, [randn(3, 4), randn(3, 4)])
        s.case(op, [randn(2, 3, 4), randn(4)])
        s.case(op, [randn(3, 1, layout="offset"), randn(1, 4)])
        s.case(op, [randn(4, 3, layout="transposed"), randn(4, 3, layout="strided")])
        # ties split the gradient; NaN propagates and sends the gradient to both
        s.case(op, [values([1.0, 2.0, 3.0, NAN, 0.0]), values([1.0, 1.0, 4.0, 1.0, -0.0])])
        s.case(op, [values([[1.0, 2.0], [3.0, 4.0]]), values([2.0, 2.0])])   # ties with a broadcast operand
        s.case(op, [randn(), randn()])
        s.case(op, [randn(0, 3), randn(3)])
        s.case(op, [randn(3, 4), randn(3, 4, grad=False)])
        s.error(op, [randn(2, 3), randn(3, 2)])

    # ------------------------------------------------------------ activations
    s.op("tanh", torch.tanh)
    s.op("sigmoid", torch.sigmoid)
    s.op("relu", torch.relu)
    s.op("silu", F.silu)
    s.op("leaky_relu", lambda a, negative_slope: F.leaky_relu(a, negative_slope))
    s.op("gelu", lambda a, approximate: F.gelu(a, approximate=approximate))
    s.op("softplus", lambda a, beta, threshold: F.softplus(a, beta, threshold))
    kinks = [-30.0, -3.0, -1.0, -1e-3, -0.0, 0.0, 1e-3, 1.0, 3.0, 30.0, INF, -INF, NAN]
    for op in ("tanh", "sigmoid", "relu", "silu"):
        s.case(op, [randn(3, 4, scale=2.0)])
        s.case(op, [randn(4, 3, layout="transposed")])
        s.case(op, [randn(2, 3, 2, layout="strided")])
        s.case(op, [values(kinks)])                                             # relu'(0) = 0, saturation
        s.case(op, [randn()])
        s.case(op, [randn(0, 3)])
    s.case("leaky_relu", [randn(3, 4)], negative_slope=0.01)
    s.case("leaky_relu", [randn(4, 3, layout="transposed")], negative_slope=0.2)
    s.case("leaky_relu", [values(kinks)], negative_slope=0.1)
    s.case("leaky_relu", [values([-1.0, 0.0, 2.0])], negative_slope=-0.5)
    s.case("leaky_relu", [randn()], negative_slope=0.01)
    s.case("leaky_relu", [randn(0, 3)], negative_slope=0.01)
    for approx in ("none", "tanh"):
        s.case("gelu", [randn(3, 4, scale=2.0)], approximate=approx)
        s.case("gelu", [randn(4, 3, layout="transposed")], approximate=approx)
        s.case("gelu", [values(kinks)], approximate=approx)
        s.case("gelu", [uniform(200, low=-6.0, high=6.0)], approximate=approx)
        s.case("gelu", [randn()], approximate=approx)
        s.case("gelu", [randn(0, 3)], approximate=approx)
    s.error("gelu", [randn(3)], approximate="fast")
    s.case("softplus", [randn(3, 4, scale=3.0)], beta=1.0, threshold=20.0)
    s.case("softplus", [randn(4, 3, layout="transposed")], beta=2.0, threshold=20.0)
    s.case("softplus", [values([-30.0, -1.0, 0.0, 1.0, 1.9, 2.0, 2.1, 10.0, 30.0, NAN])], beta=1.0, threshold=2.0)  # threshold
    s.case("softplus", [values([-5.0, 0.0, 0.4, 0.5, 0.6, 3.0])], beta=4.0, threshold=2.0)
    s.case("softplus", [randn(3, 4, layout="offset")], beta=0.5, threshold=1.0)
    s.case("softplus", [randn()], beta=1.0, threshold=20.0)
    s.case("softplus", [randn(0, 3)], beta=1.0, threshold=20.0)

    # ------------------------------------------------------------ comparisons and selection
    for op, fn in (("gt", torch.gt), ("lt", torch.lt), ("ge", torch.ge), ("le", torch.le), ("eq", torch.eq)):
        s.op(op, lambda a, v, fn=fn: fn(a, v))
        s.case(op, [values([-1.0, 0.0, 0.5, 1.0, NAN, INF, -INF], grad=False)], v=0.5)
        s.case(op, [randn(3, 4, grad=False, layout="transposed")], v=0.0)
        s.case(op, [values([[0.0, 1.0], [2.0, 0.0]], grad=False)], v=0.0)
        s.case(op, [randn(grad=False)], v=0.0)
        s.case(op, [randn(0, 2, grad=False)], v=0.0)

    s.op("where", lambda c, a, b: torch.where(c.bool(), a, b))
    s.case("where", [mask(3, 4), randn(3, 4), randn(3, 4)])
    s.case("where", [mask(3, 1), randn(1, 4), randn(3, 4)])                     # three-way broadcast
    s.case("where", [mask(4), randn(3, 1, layout="offset"), randn(2, 1, 1)])
    s.case("where", [mask(2, 3, 4), randn(3, 4, layout="transposed"), randn()])
    s.case("where", [mask(), randn(2, 3), randn(2, 3, layout="strided")])
    s.case("where", [mask(3, 4), randn(3, 4), randn(3, 4, grad=False)])
    s.case("where", [mask(0, 3), randn(3), randn(0, 1)])
    s.error("where", [mask(3, 4), randn(2, 4), randn(3, 4)])
    s.error("where", [mask(5), randn(3, 4), randn(3, 4)])

    s.op("masked_fill", lambda a, m, value: a.masked_fill(m.bool(), float(value)))
    s.case("masked_fill", [randn(3, 4), mask(3, 4)], value=-1e9)
    s.case("masked_fill", [randn(2, 3, 4), mask(3, 4)], value=0.0)             # mask broadcast to x
    s.case("masked_fill", [randn(2, 3, 4, layout="transposed"), mask(2, 1, 4)], value="-inf")
    s.case("masked_fill", [randn(3, 4, layout="strided"), mask()], value=2.5)
    s.case("masked_fill", [randn(4), mask(3, 1)], value=7.0)                   # out of place: both broadcast
    s.case("masked_fill", [randn(), mask()], value=1.0)
    s.case("masked_fill", [randn(0, 3), mask(3)], value=1.0)
    s.error("masked_fill", [randn(3, 4), mask(3)], value=1.0)
    return s
