package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.Elementwise;
import dev.nabla.kernel.Elementwise.Arith;
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

    // ---------------------------------------------------------------- to be implemented

    private static UnsupportedOperationException todo(String op) {
        return new UnsupportedOperationException(op + " is not implemented yet");
    }

    public static Tensor pow(Tensor a, Tensor exponent) { throw todo("pow"); }

    public static Tensor pow(Tensor a, float exponent) { throw todo("pow"); }

    public static Tensor exp(Tensor a) { throw todo("exp"); }

    public static Tensor log(Tensor a) { throw todo("log"); }

    public static Tensor sqrt(Tensor a) { throw todo("sqrt"); }

    public static Tensor rsqrt(Tensor a) { throw todo("rsqrt"); }

    public static Tensor abs(Tensor a) { throw todo("abs"); }

    public static Tensor sin(Tensor a) { throw todo("sin"); }

    public static Tensor cos(Tensor a) { throw todo("cos"); }

    public static Tensor tanh(Tensor a) { throw todo("tanh"); }

    public static Tensor sigmoid(Tensor a) { throw todo("sigmoid"); }

    public static Tensor relu(Tensor a) { throw todo("relu"); }

    public static Tensor leakyRelu(Tensor a, float negativeSlope) { throw todo("leakyRelu"); }

    public static Tensor gelu(Tensor a, String approximate) { throw todo("gelu"); }

    public static Tensor silu(Tensor a) { throw todo("silu"); }

    public static Tensor softplus(Tensor a, float beta, float threshold) { throw todo("softplus"); }

    public static Tensor clamp(Tensor a, float min, float max) { throw todo("clamp"); }

    public static Tensor maximum(Tensor a, Tensor b) { throw todo("maximum"); }

    public static Tensor minimum(Tensor a, Tensor b) { throw todo("minimum"); }

    public static IntTensor compare(Tensor a, float v, Cmp cmp) { throw todo("compare"); }

    public static Tensor where(IntTensor cond, Tensor a, Tensor b) { throw todo("where"); }

    public static Tensor maskedFill(Tensor a, IntTensor mask, float value) { throw todo("maskedFill"); }
}
