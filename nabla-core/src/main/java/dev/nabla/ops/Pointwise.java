package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.Elementwise;
import dev.nabla.kernel.Elementwise.Arith;
import dev.nabla.kernel.Ternary;
import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import static dev.nabla.autograd.Autograd.unbroadcast;

/** Elementwise ops: arithmetic with broadcasting, math functions, activations, comparisons, selection. */
public final class Pointwise {
    private Pointwise() {}

    public enum Cmp { GT, LT, GE, LE, EQ }

    // ---------------------------------------------------------------- forward helpers

    /** out = f(x) elementwise (no autograd). */
    static Tensor map(Tensor x, Elementwise.FloatUnary f) {
        int[] s = x.shape();
        return Tensor.wrap(Elementwise.unary(f, s, x.storage(), x.storageOffset(), x.strides()), s);
    }

    /** out = op(x) elementwise through the vectorised kernels (no autograd). */
    static Tensor map(Tensor x, UnaryOp op) {
        int[] s = x.shape();
        return Tensor.wrap(Elementwise.unary(op, s, x.storage(), x.storageOffset(), x.strides()), s);
    }

    /** g·op'(s) elementwise, s being op's output or input as {@link UnaryOp#gradFromOutput} says (no autograd). */
    static Tensor unaryGrad(UnaryOp op, Tensor g, Tensor s) {
        int[] sh = g.shape();
        return Tensor.wrap(Elementwise.unaryBackward(op, sh, g.storage(), g.storageOffset(), g.strides(),
                s.storage(), s.storageOffset(), s.strides()), sh);
    }

    /** Forward and backward of a fused unary op. */
    private static Tensor unary(String name, UnaryOp op, Tensor a) {
        Tensor out = map(a, op);
        Tensor saved = op.gradFromOutput ? out : a;
        return Autograd.record(name, out, g -> new Tensor[] {unaryGrad(op, g, saved)}, a);
    }

    /** out = f(a, b) elementwise with broadcasting (no autograd). */
    static Tensor zip(String op, Tensor a, Tensor b, Elementwise.FloatBinary f) {
        int[] s = Shape.broadcast(op, a.shape(), b.shape());
        return Tensor.wrap(Elementwise.binary(f, s, a.storage(), a.storageOffset(), Shape.broadcastStrides(a.shape(), a.strides(), s),
                b.storage(), b.storageOffset(), Shape.broadcastStrides(b.shape(), b.strides(), s)), s);
    }

    private static Tensor arith(Arith op, String name, Tensor a, Tensor b) {
        int[] s = Shape.broadcast(name, a.shape(), b.shape());
        return Tensor.wrap(Elementwise.arith(op, s, a.storage(), a.storageOffset(), Shape.broadcastStrides(a.shape(), a.strides(), s),
                b.storage(), b.storageOffset(), Shape.broadcastStrides(b.shape(), b.strides(), s)), s);
    }

    // ---------------------------------------------------------------- arithmetic

    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = arith(Arith.ADD, "add", a, b);
        return Autograd.record("add", out, g -> new Tensor[] {unbroadcast(g, a.shape()), unbroadcast(g, b.shape())}, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = arith(Arith.SUB, "sub", a, b);
        return Autograd.record("sub", out, g -> new Tensor[] {
                unbroadcast(g, a.shape()),
                b.requiresGrad() ? unbroadcast(g.neg(), b.shape()) : null}, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = arith(Arith.MUL, "mul", a, b);
        return Autograd.record("mul", out, g -> new Tensor[] {
                a.requiresGrad() ? unbroadcast(g.mul(b), a.shape()) : null,
                b.requiresGrad() ? unbroadcast(g.mul(a), b.shape()) : null}, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = arith(Arith.DIV, "div", a, b);
        return Autograd.record("div", out, g -> new Tensor[] {
                a.requiresGrad() ? unbroadcast(g.div(b), a.shape()) : null,
                b.requiresGrad() ? unbroadcast(g.mul(out).div(b).neg(), b.shape()) : null}, a, b); // d(a/b)/db = -(a/b)/b
    }

    public static Tensor add(Tensor a, float c) {
        Tensor out = map(a, x -> x + c);
        return Autograd.record("add", out, g -> new Tensor[] {g}, a);
    }

    public static Tensor sub(Tensor a, float c) {
        return add(a, -c);
    }

    public static Tensor mul(Tensor a, float c) {
        Tensor out = map(a, x -> x * c);
        return Autograd.record("mul", out, g -> new Tensor[] {g.mul(c)}, a);
    }

    public static Tensor div(Tensor a, float c) {
        Tensor out = map(a, x -> x / c);
        return Autograd.record("div", out, g -> new Tensor[] {g.div(c)}, a);
    }

    public static Tensor neg(Tensor a) {
        Tensor out = map(a, x -> -x);
        return Autograd.record("neg", out, g -> new Tensor[] {g.neg()}, a);
    }

    // ---------------------------------------------------------------- powers, exp and log

    public static Tensor pow(Tensor a, Tensor exponent) {
        Tensor out = zip("pow", a, exponent, (x, e) -> (float) Math.pow(x, e));
        return Autograd.record("pow", out, g -> new Tensor[] {
                a.requiresGrad() ? unbroadcast(zip3(g, a, exponent, Pointwise::powGradBase), a.shape()) : null,
                exponent.requiresGrad() ? unbroadcast(zip3(g, a, exponent, Pointwise::powGradExponent), exponent.shape()) : null},
                a, exponent);
    }

    // As PyTorch: zero where the exponent is 0 (even for base 0 and negative powers)
    private static float powGradBase(float g, float x, float e) {
        return e == 0 ? 0f : g * (e * (float) Math.pow(x, e - 1f));
    }

    // As PyTorch: zero at base 0 with exponent >= 0 (where x^e·log x tends to 0 or is defined as 0); NaN for negative bases
    private static float powGradExponent(float g, float x, float e) {
        return x == 0 && e >= 0 ? 0f : g * ((float) Math.pow(x, e) * (float) Math.log(x));
    }

    public static Tensor pow(Tensor a, float exponent) {
        Elementwise.FloatUnary f;
        if (exponent == 0.5f) f = x -> (float) Math.sqrt(x); // PyTorch uses sqrt here, which differs from pow at -inf
        else if (exponent == -0.5f) f = x -> (float) (1 / Math.sqrt(x));
        else if (exponent == 2f) f = x -> x * x;
        else f = x -> (float) Math.pow(x, exponent);
        Tensor out = map(a, f);
        float em1 = exponent - 1f;
        return Autograd.record("pow", out, g -> new Tensor[] {
                exponent == 0f ? Tensor.zerosLike(a)
                : em1 == 0f ? zip("pow_backward", g, a, (gv, x) -> gv) // x^0 = 1 even for NaN and inf
                : em1 == 1f ? zip("pow_backward", g, a, (gv, x) -> gv * (exponent * x))
                : zip("pow_backward", g, a, (gv, x) -> gv * (exponent * (float) Math.pow(x, em1)))}, a);
    }

    public static Tensor exp(Tensor a) {
        return unary("exp", UnaryOp.EXP, a); // exp' = exp: from the output
    }

    public static Tensor log(Tensor a) {
        return unary("log", UnaryOp.LOG, a);
    }

    public static Tensor sqrt(Tensor a) {
        return unary("sqrt", UnaryOp.SQRT, a); // 1/(2y)
    }

    public static Tensor rsqrt(Tensor a) {
        return unary("rsqrt", UnaryOp.RSQRT, a); // -y³/2
    }

    // ---------------------------------------------------------------- other math

    public static Tensor abs(Tensor a) {
        Tensor out = map(a, Math::abs);
        // sign(0) = sign(NaN) = 0, as PyTorch
        return Autograd.record("abs", out, g -> new Tensor[] {zip("abs_backward", g, a, (gv, x) -> x > 0 ? gv : x < 0 ? -gv : 0f)}, a);
    }

    public static Tensor sin(Tensor a) {
        Tensor out = map(a, x -> (float) Math.sin(x));
        return Autograd.record("sin", out, g -> new Tensor[] {zip("sin_backward", g, a, (gv, x) -> gv * (float) Math.cos(x))}, a);
    }

    public static Tensor cos(Tensor a) {
        Tensor out = map(a, x -> (float) Math.cos(x));
        return Autograd.record("cos", out, g -> new Tensor[] {zip("cos_backward", g, a, (gv, x) -> gv * -(float) Math.sin(x))}, a);
    }

    public static Tensor clamp(Tensor a, float min, float max) {
        // NaN propagates; with min > max every value becomes max (PyTorch's order: max(min) first, then min(max))
        Tensor out = map(a, x -> Math.min(Math.max(x, min), max));
        // the gradient passes at the bounds themselves, and not for NaN inputs
        return Autograd.record("clamp", out, g -> new Tensor[] {
                zip("clamp_backward", g, a, (gv, x) -> x >= min && x <= max ? gv : 0f)}, a);
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = zip("maximum", a, b, Math::max);
        // ties split the gradient equally; NaN comparisons send the full gradient to both inputs, as PyTorch
        return Autograd.record("maximum", out, g -> new Tensor[] {
                a.requiresGrad() ? unbroadcast(zip3(g, a, b, (gv, x, y) -> x == y ? gv / 2 : x < y ? 0f : gv), a.shape()) : null,
                b.requiresGrad() ? unbroadcast(zip3(g, a, b, (gv, x, y) -> x == y ? gv / 2 : x > y ? 0f : gv), b.shape()) : null}, a, b);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = zip("minimum", a, b, Math::min);
        return Autograd.record("minimum", out, g -> new Tensor[] {
                a.requiresGrad() ? unbroadcast(zip3(g, a, b, (gv, x, y) -> x == y ? gv / 2 : x > y ? 0f : gv), a.shape()) : null,
                b.requiresGrad() ? unbroadcast(zip3(g, a, b, (gv, x, y) -> x == y ? gv / 2 : x < y ? 0f : gv), b.shape()) : null}, a, b);
    }

    // ---------------------------------------------------------------- activations

    public static Tensor tanh(Tensor a) {
        return unary("tanh", UnaryOp.TANH, a); // 1 - y²
    }

    public static Tensor sigmoid(Tensor a) {
        return unary("sigmoid", UnaryOp.SIGMOID, a); // (1 - y)·y
    }

    public static Tensor relu(Tensor a) {
        // NaN stays NaN; relu'(0) = 0: PyTorch masks on the output, out <= 0
        return unary("relu", UnaryOp.RELU, a);
    }

    public static Tensor leakyRelu(Tensor a, float negativeSlope) {
        Tensor out = map(a, x -> x > 0 ? x : x * negativeSlope);
        return Autograd.record("leaky_relu", out, g -> new Tensor[] {
                zip("leaky_relu_backward", g, a, (gv, x) -> x > 0 ? gv : gv * negativeSlope)}, a);
    }

    public static Tensor gelu(Tensor a, String approximate) {
        boolean tanh = switch (approximate) {
            case "none" -> false;
            case "tanh" -> true;
            case null, default -> throw new IllegalArgumentException("gelu: approximate must be \"none\" or \"tanh\", got "
                    + (approximate == null ? "null" : "\"" + approximate + "\""));
        };
        return unary("gelu", tanh ? UnaryOp.GELU_TANH : UnaryOp.GELU, a);
    }

    public static Tensor silu(Tensor a) {
        return unary("silu", UnaryOp.SILU, a); // σ(x)·(1 + x·(1 - σ(x)))
    }

    public static Tensor softplus(Tensor a, float beta, float threshold) {
        // linear above the threshold, where log1p(exp(z)) == z in float anyway
        int[] s = a.shape();
        Tensor out = Tensor.wrap(Elementwise.softplus(beta, threshold, s, a.storage(), a.storageOffset(), a.strides()), s);
        return Autograd.record("softplus", out, g -> new Tensor[] {Tensor.wrap(Elementwise.softplusBackward(beta, threshold, s,
                g.storage(), g.storageOffset(), g.strides(), a.storage(), a.storageOffset(), a.strides()), s)}, a);
    }

    // ---------------------------------------------------------------- comparison and selection

    public static IntTensor compare(Tensor a, float v, Cmp cmp) {
        Ternary.Cmp k = switch (cmp) {
            case GT -> Ternary.Cmp.GT;
            case LT -> Ternary.Cmp.LT;
            case GE -> Ternary.Cmp.GE;
            case LE -> Ternary.Cmp.LE;
            case EQ -> Ternary.Cmp.EQ;
        };
        int[] s = a.shape();
        return IntTensor.wrap(Ternary.compare(k, v, s, a.storage(), a.storageOffset(), a.strides()), s);
    }

    public static Tensor where(IntTensor cond, Tensor a, Tensor b) {
        int[] s = Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
        Tensor out = select(cond, s, a, b);
        return Autograd.record("where", out, g -> new Tensor[] {
                a.requiresGrad() ? unbroadcast(select(cond, s, g, ZERO), a.shape()) : null,
                b.requiresGrad() ? unbroadcast(select(cond, s, ZERO, g), b.shape()) : null}, a, b);
    }

    /** Where mask is set, value, else a. Like PyTorch's out-of-place masked_fill, a and mask broadcast together. */
    public static Tensor maskedFill(Tensor a, IntTensor mask, float value) {
        int[] s = Shape.broadcast("masked_fill", a.shape(), mask.shape());
        Tensor out = select(mask, s, Tensor.scalar(value), a);
        return Autograd.record("masked_fill", out, g -> new Tensor[] {unbroadcast(select(mask, s, ZERO, g), a.shape())}, a);
    }

    private static final Tensor ZERO = Tensor.scalar(0f);

    /** out (shape) = cond ? a : b, all three broadcast to shape (no autograd). */
    private static Tensor select(IntTensor cond, int[] shape, Tensor a, Tensor b) {
        int[] cs = cond.shape();
        return Tensor.wrap(Ternary.select(shape, cond.storage(), 0, Shape.broadcastStrides(cs, Shape.contiguousStrides(cs), shape),
                a.storage(), a.storageOffset(), Shape.broadcastStrides(a.shape(), a.strides(), shape),
                b.storage(), b.storageOffset(), Shape.broadcastStrides(b.shape(), b.strides(), shape)), shape);
    }

    /** f(g, a, b) over the broadcast shape of a and b, which g (the upstream gradient) already has (no autograd). */
    private static Tensor zip3(Tensor g, Tensor a, Tensor b, Ternary.FloatTernary f) {
        int[] s = g.shape();
        return Tensor.wrap(Ternary.map(f, s, g.storage(), g.storageOffset(), g.strides(),
                a.storage(), a.storageOffset(), Shape.broadcastStrides(a.shape(), a.strides(), s),
                b.storage(), b.storageOffset(), Shape.broadcastStrides(b.shape(), b.strides(), s)), s);
    }
}
