package dev.nabla.autograd;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Checks backward formulas against central finite differences, like torch.autograd.gradcheck but for float32.
 * <p>
 * The analytic side is backward of {@code sum(f(x) * w)} with fixed random weights {@code w}, so every output element
 * contributes with its own weight. The numeric side perturbs one input element at a time by ±h, with
 * h = eps·max(1, |x|), evaluates {@code sum(f(x ± h) * w)} in double and divides by the perturbation actually
 * applied (x + h and x - h rounded to float), at h and h/2 combined by Richardson extrapolation. Because f runs in float32, h cannot be tiny: eps = 1e-2 keeps the
 * rounding noise of f (about 1e-7 relative) at about 1e-5 of the gradient, while the truncation error of the
 * central difference (h²·f'''/6) stays below 1e-4 for smooth functions on inputs of order one. Element (i, j) passes
 * when |analytic - numeric| ≤ atol + rtol·|numeric|.
 * <pre>{@code GradCheck.check(xs -> xs[0].matmul(xs[1]), a, b).assertOk(); }</pre>
 */
public final class GradCheck {
    private double eps = 1e-2;
    private double atol = 1e-3;
    private double rtol = 1e-3;
    private long seed = 0;

    private GradCheck() {}

    /** A check with the default settings (eps 1e-2, atol 1e-3, rtol 1e-3, seed 0). */
    public static GradCheck settings() {
        return new GradCheck();
    }

    public GradCheck eps(double v) {
        eps = v;
        return this;
    }

    public GradCheck atol(double v) {
        atol = v;
        return this;
    }

    public GradCheck rtol(double v) {
        rtol = v;
        return this;
    }

    /** Seed of the random output weights. */
    public GradCheck seed(long v) {
        seed = v;
        return this;
    }

    /** Checks with the default settings. */
    public static Report check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return settings().run(f, inputs);
    }

    /**
     * Compares the gradient of every input that requires grad (all of them when none does). The inputs are
     * copied, so the caller's tensors and their gradients are not touched.
     */
    public Report run(Function<Tensor[], Tensor> f, Tensor... inputs) {
        int n = inputs.length;
        boolean any = false;
        for (Tensor t : inputs) any |= t.requiresGrad();
        boolean[] check = new boolean[n];
        float[][] values = new float[n][];
        int[][] shapes = new int[n][];
        for (int i = 0; i < n; i++) {
            check[i] = !any || inputs[i].requiresGrad();
            values[i] = inputs[i].toArray();
            shapes[i] = inputs[i].shape();
        }

        // analytic: backward of sum(f(x) * w)
        Tensor[] leaves = new Tensor[n];
        for (int i = 0; i < n; i++) leaves[i] = Tensor.of(values[i], shapes[i]).requiresGrad(check[i]);
        Tensor out = f.apply(leaves);
        int[] outShape = out.shape();
        Tensor w = Tensor.randn(new Generator(seed), outShape);
        float[] wv = w.toArray();
        if (!out.requiresGrad())
            throw new IllegalArgumentException("gradcheck: the output does not require grad; does the function use its inputs?");
        out.mul(w).sum().backward();

        Report report = new Report(atol, rtol);
        for (int i = 0; i < n; i++) {
            if (!check[i]) continue;
            Tensor g = leaves[i].grad();
            float[] analytic = g == null ? new float[values[i].length] : g.toArray(); // an unused input has gradient 0
            for (int j = 0; j < values[i].length; j++) {
                float x = values[i][j];
                float h = (float) (eps * Math.max(1, Math.abs(x)));
                double d1 = central(f, values, shapes, i, j, x, h, wv, outShape);
                double d2 = central(f, values, shapes, i, j, x, h / 2, wv, outShape);
                // Richardson extrapolation cancels the h² error term, so strongly curved functions still check
                double numeric = d2 + (d2 - d1) / 3;
                report.add(i, shapes[i], j, analytic[j], numeric);
            }
        }
        return report;
    }

    /** (f(x + h) - f(x - h)) / (the perturbation actually applied after rounding to float). */
    private static double central(Function<Tensor[], Tensor> f, float[][] values, int[][] shapes, int i, int j, float x, float h,
                                  float[] w, int[] outShape) {
        float xp = x + h, xm = x - h;
        return (evaluate(f, values, shapes, i, j, xp, w, outShape) - evaluate(f, values, shapes, i, j, xm, w, outShape)) / ((double) xp - xm);
    }

    private static double evaluate(Function<Tensor[], Tensor> f, float[][] values, int[][] shapes, int i, int j, float xj,
                                   float[] w, int[] outShape) {
        Tensor[] xs = new Tensor[values.length];
        for (int k = 0; k < values.length; k++) {
            float[] v = values[k].clone();
            if (k == i) v[j] = xj;
            xs[k] = Tensor.wrap(v, shapes[k]);
        }
        try (var ignored = NoGrad.enter()) {
            Tensor out = f.apply(xs);
            if (!Arrays.equals(out.shape(), outShape))
                throw new IllegalStateException("gradcheck: the output shape changed from " + Shape.str(outShape) + " to " + Shape.str(out.shape())
                        + " when input " + i + " moved");
            return weighted(out, w);
        }
    }

    private static double weighted(Tensor out, float[] w) {
        float[] o = out.toArray();
        double s = 0;
        for (int k = 0; k < o.length; k++) s += (double) o[k] * w[k];
        return s;
    }

    /** The outcome: the worst element relative to its tolerance, and how many failed. */
    public static final class Report {
        private final double atol, rtol;
        private double worstRatio = -1;
        private int worstInput = -1, worstElement = -1;
        private int[] worstShape;
        private double worstAnalytic, worstNumeric;
        private int checked, failed;

        Report(double atol, double rtol) {
            this.atol = atol;
            this.rtol = rtol;
        }

        void add(int input, int[] shape, int element, double analytic, double numeric) {
            double diff = Math.abs(analytic - numeric);
            double tol = atol + rtol * Math.abs(numeric);
            double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / tol;
            checked++;
            if (!(diff <= tol)) failed++;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worstInput = input;
                worstShape = shape;
                worstElement = element;
                worstAnalytic = analytic;
                worstNumeric = numeric;
            }
        }

        public boolean ok() {
            return failed == 0;
        }

        /** The largest |analytic - numeric| / tolerance: below 1 passes. */
        public double worstRatio() {
            return Math.max(worstRatio, 0);
        }

        public int failed() {
            return failed;
        }

        public int checked() {
            return checked;
        }

        /** Throws an AssertionError naming the worst element unless every element passed. */
        public Report assertOk() {
            if (!ok()) throw new AssertionError(toString());
            return this;
        }

        @Override
        public String toString() {
            if (checked == 0) return "gradcheck: no input elements to check";
            String where = "input " + worstInput + " (shape " + Shape.str(worstShape) + ") element " + Arrays.toString(index(worstShape, worstElement));
            return (ok() ? "gradcheck passed " + checked + " elements" : "gradcheck failed " + failed + " of " + checked + " elements")
                    + "; worst: " + where + ": analytic " + worstAnalytic + ", numeric " + worstNumeric
                    + ", |difference| " + Math.abs(worstAnalytic - worstNumeric) + " vs tolerance " + (atol + rtol * Math.abs(worstNumeric))
                    + " (atol " + atol + ", rtol " + rtol + ")";
        }

        private static int[] index(int[] shape, int flat) {
            int[] idx = new int[shape.length];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (shape[d] == 0) continue;
                idx[d] = flat % shape[d];
                flat /= shape[d];
            }
            return idx;
        }
    }
}
