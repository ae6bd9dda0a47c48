package dev.nabla.kernel;

/**
 * Primitive loops over float arrays that the Vector API speeds up. Two implementations: {@link ScalarVectorOps}
 * (portable) and PanamaVectorOps (jdk.incubator.vector), chosen once at run time by {@link VectorProvider}.
 * Arrays are addressed as (array, offset) with a count {@code n}.
 */
public interface VectorOps {
    /** The implementation chosen for this JVM. */
    static VectorOps get() {
        return VectorProvider.INSTANCE;
    }

    String name();

    /** sum of a[i]*b[i] */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /**
     * Up to 4 × 4 dot products at once: c[co + i·ldc + j] (+)= Σ_p a[ao + i·lda + p]·b[bo + j·ldb + p] for i < rows ≤ 4,
     * j < cols ≤ 4, p < k. Each row is loaded once for four products, so long rows are not bound by loads.
     */
    void dotTile(float[] a, int ao, int lda, int rows, float[] b, int bo, int ldb, int cols, int k,
                 float[] c, int co, int ldc, boolean accumulate);

    /**
     * acc[i] += alpha * y[i], then y[i] += alpha * x[i], in one pass: the two updates of an output vector y and of the
     * input's error acc that Word2Vec and FastText make for every predicted word (the same as two axpy calls).
     */
    void axpyPair(float alpha, float[] x, int xo, float[] y, int yo, float[] acc, int ao, int n);

    /** y[i] += alpha * x[i] */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    float sum(float[] a, int ao, int n);

    float max(float[] a, int ao, int n);

    /** out[i] = a[i] + b[i] */
    void add(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    void sub(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    void mul(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    void div(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** out[i] = a[i] * s + t */
    void scaleShift(float[] a, int ao, float s, float t, float[] out, int oo, int n);

    /** Rows of the GEMM micro-tile that {@link #gemmKernel} computes. */
    int gemmMr();

    /** Columns of the GEMM micro-tile. */
    int gemmNr();

    /**
     * The GEMM micro-kernel: one full tile c (MR, NR) [+]= ap · bp, where ap is a packed A strip (kc, MR: MR values
     * per k) and bp a B strip (kc, NR) whose rows are ldb apart (NR when packed). Edge tiles go through a scratch
     * tile (see Gemm).
     */
    void gemmKernel(int kc, float[] ap, int apo, float[] bp, int bpo, int ldb, float[] c, int co, int ldc, boolean accumulate);

    // ---- activations

    /** out[i] = op(x[i]); out may be x itself. */
    void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n);

    /**
     * out[i] = g[i]·op'(x[i]), given in s the op's output y[i] where {@link UnaryOp#gradFromOutput}, else its input x[i].
     * out may be g or s itself.
     */
    void unaryBackward(UnaryOp op, float[] g, int go, float[] s, int so, float[] out, int oo, int n);

    /** out[i] = softplus(x[i]) = log(1 + e^(βx))/β, or x[i] where βx > threshold (as PyTorch). */
    void softplus(float beta, float threshold, float[] x, int xo, float[] out, int oo, int n);

    /** out[i] = g[i]·sigmoid(βx[i]), or g[i] where βx > threshold. */
    void softplusBackward(float beta, float threshold, float[] g, int go, float[] x, int xo, float[] out, int oo, int n);


    // ---- exp, softmax and normalisation

    /** out[i] = exp(x[i] - shift), each within a couple of ulp of the correctly rounded value; returns their sum */
    float expShifted(float[] x, int xo, float shift, float[] out, int oo, int n);

    /** sum of exp(x[i] - shift) */
    float sumExpShifted(float[] x, int xo, float shift, int n);

    /** out[i] = s * exp(x[i] - shift) + t */
    void expScaleShift(float[] x, int xo, float shift, float s, float t, float[] out, int oo, int n);

    /** out[i] = g[i] - s * exp(y[i]) (the log-softmax backward) */
    void subScaledExp(float[] g, int go, float[] y, int yo, float s, float[] out, int oo, int n);

    /** out[i] = (a[i] + t) * b[i] (the softmax backward, with t = -dot) */
    void addMul(float[] a, int ao, float t, float[] b, int bo, float[] out, int oo, int n);

    /** sums[0] = sum of (x[i] - mu), sums[1] = sum of (x[i] - mu)^2, in one pass */
    void sumsCentered(float[] x, int xo, float mu, int n, float[] sums);

    /** sums[0] = sum of g[i], sums[1] = sum of g[i] * (x[i] - mu), in one pass */
    void sumAndDotCentered(float[] g, int go, float[] x, int xo, float mu, int n, float[] sums);

    /** out[i] = (x[i] - mu) * rs * w[i] + b[i]; w and b are both given, or both null (then out[i] = (x[i] - mu) * rs) */
    void normAffine(float[] x, int xo, float mu, float rs, float[] w, int wo, float[] b, int bo, float[] out, int oo, int n);

    /** out[i] = a[i] * s + (x[i] - mu) * t + u */
    void normBackward(float[] a, int ao, float[] x, int xo, float mu, float s, float t, float u, float[] out, int oo, int n);

    /** y[i] += g[i] * (x[i] - mu) * s */
    void accCenteredMul(float[] g, int go, float[] x, int xo, float mu, float s, float[] y, int yo, int n);

    /** The same as {@link #max} (a NaN wins), with independent accumulators so that long rows are not latency-bound */
    float maxUnrolled(float[] a, int ao, int n);

    /** The sum of a[i], with independent accumulators so that long rows are not latency-bound */
    float sumUnrolled(float[] a, int ao, int n);

    /**
     * A strided block copy: out[oo + r·outStride + t] = x[xo + r·xStride + t] for r < rows, t < len. Elements of out
     * after a row's end, below outLimit, may be written too (with values that later rows or the caller overwrite).
     */
    void copyRows(float[] x, int xo, int xStride, int rows, int len, float[] out, int oo, int outStride, int outLimit);

    /**
     * A strided block sum: x[xo + r·xStride + t] += c[co + r·cStride + t] for r < rows, t < len. Elements of x after a
     * row's end, below xLimit, may be read and written back unchanged (no other thread may write them meanwhile).
     */
    void addRows(float[] c, int co, int cStride, int rows, int len, float[] x, int xo, int xStride, int xLimit);

    /**
     * One plane of a 2×2, stride-2 max pool: out[oo + y·ow + j] is the max of the block at rows 2y, 2y+1 and columns
     * 2j, 2j+1 of x (rows w apart, from xo), arg[ao + y·ow + j] its flat in-plane index. The block is scanned in
     * row-major order and a strictly greater value or a NaN takes over (PyTorch's rule: the first maximum, the last NaN).
     */
    void maxPool2x2(float[] x, int xo, int w, int oh, int ow, float[] out, int oo, int[] arg, int ao);

    // ---- GEMM packing

    /**
     * Packs w rows of a row-major matrix, transposed, into the micro-kernel's layout: bp[bpo + p·w + j] = b[bo + j·ldb + p]
     * for p < kc, j < w, where w is {@link #gemmNr()} (a strip of Bᵀ, as the weights of x·Wᵀ) or {@link #gemmMr()}
     * (a strip of A, which the kernel reads a column at a time).
     */
    void packTransposed(float[] b, int bo, int ldb, int w, int kc, float[] bp, int bpo);
}
