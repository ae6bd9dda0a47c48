package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Fused scaled dot-product attention, out = softmax(scale·q·kᵀ + mask)·v, that never holds the T×S score matrix:
 * the forward walks tiles of {@value #BR} queries × {@value #FWD_KEYS} keys with an online softmax (running max and sum per
 * row) and keeps the row's log-sum-exp; the backward (FlashAttention-2) recomputes each tile's probabilities from it.
 * Besides out and lse, memory is a few tiles and a T-long row per thread (kept between calls), not O(T·S).
 * <p>
 * Masking: {@code causal} lets query t see keys s ≤ t (top-left aligned, PyTorch's {@code ones(T, S).tril()}); whole
 * tiles above the diagonal are skipped and the diagonal tile's rows are cut short, so no -inf reaches the exp. An
 * additive mask broadcast to (B,H,T,S) is read through its strides (0 on broadcast dims). A row whose keys are all
 * masked (every score -inf) has output 0, log-sum-exp +inf and zero gradient (PyTorch's composition gives NaN).
 * The exp is VectorOps' own (Transcendentals: the same bits before and after the JIT compiles it, -inf to 0).
 * <p>
 * Dropout on the attention weights ({@link Dropout}, or null): each weight is kept, scaled by 1/(1-p), or zeroed by a
 * hash of its (b·h, t, s) index and a seed, so the backward regenerates the forward's mask instead of storing it.
 * The log-sum-exp is the undropped softmax's, and rowsum(dO∘O) stays the backward's row term.
 * <p>
 * Work units are (b·h, query tile) in the forward and b·h in the backward (so that one thread owns a head's dq, dk
 * and dv and adds into them in a fixed order; B·H below the thread count leaves threads idle): the results do not
 * depend on the thread count.
 */
public final class FlashAttention {
    // Query rows per tile, and keys per tile in the forward and the backward. Measured at T = S = 256, D = 64, one thread:
    // the forward gains from long rows (the online softmax's per-row passes cost more than their length: 64 → 256 keys,
    // 18 → 15 ms); the backward, whose causal skip works on whole tiles, from short ones.
    static final int BR = 64, FWD_KEYS = 256, BWD_KEYS = 64;

    private FlashAttention() {}

    /** Sizes: batch, heads, queries, keys, query/key dim, value dim. */
    public record Dims(int b, int h, int t, int s, int d, int dv) {}

    /** An additive mask: element (b, h, t, s) at offset + b·sb + h·sh + t·st + s·ss. */
    public record Mask(float[] data, int offset, int sb, int sh, int st, int ss) {}

    /** Dropout with probability p in [0, 1) of the weights, its mask a function of seed and each weight's index. */
    public record Dropout(float p, long seed) {
        public Dropout {
            if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("FlashAttention: dropout probability must be in [0, 1), got " + p);
        }

        /** Whether weight (bh, t, s) of a (·, T, S) problem is kept: SplitMix64 of its index, 24 bits against p. */
        public boolean keeps(int bh, int t, int s, int tLen, int sLen) {
            long z = seed + (((long) bh * tLen + t) * sLen + s + 1) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return ((z ^ (z >>> 31)) >>> 40) >= (long) (p * (1 << 24));
        }

        // z[o + j] for j < len = 1/(1-p) if weight (bh, t, s0 + j) is kept, else 0: the factor of that weight
        void mask(float[] z, int o, int len, int bh, int t, int s0, Dims n) {
            float inv = 1f / (1f - p);
            for (int j = 0; j < len; j++) z[o + j] = keeps(bh, t, s0 + j, n.t, n.s) ? inv : 0f;
        }
    }

    // out (B,H,T,Dv), lse (B,H,T); q (B,H,T,D), k (B,H,S,D), v (B,H,S,Dv) contiguous from their offsets; mask and drop may be null
    public static void forward(Dims n, float[] q, int qo, float[] k, int ko, float[] v, int vo, Mask mask, boolean causal,
                               float scale, Dropout drop, float[] out, float[] lse) {
        int tiles = (n.t + BR - 1) / BR, units = n.b * n.h * tiles;
        if (units == 0) return;
        Parallel.forChunks(units, chunks(units), (u0, u1) -> {
            VectorOps vo_ = VectorOps.get();
            float[] sc = scratch(0, BR * FWD_KEYS), acc = scratch(1, BR * n.dv), m = scratch(2, BR), l = scratch(3, BR), qs = scratch(4, BR * n.d);
            float[] mx = scratch(5, BR), z = drop == null ? null : scratch(6, FWD_KEYS);
            for (int u = u0; u < u1; u++) {
                int bh = u / tiles, t0 = (u % tiles) * BR, br = Math.min(BR, n.t - t0);
                int qRow = bh * n.t + t0;
                vo_.scaleShift(q, qo + qRow * n.d, scale, 0f, qs, 0, br * n.d);
                Arrays.fill(acc, 0, BR * n.dv, 0f);
                Arrays.fill(m, 0, BR, Float.NEGATIVE_INFINITY);
                Arrays.fill(l, 0, BR, 0f);
                int sEnd = causal ? Math.min(n.s, t0 + br) : n.s;
                for (int s0 = 0; s0 < sEnd; s0 += FWD_KEYS) {
                    int bc = Math.min(FWD_KEYS, sEnd - s0);
                    scores(vo_, n, bh, t0, br, s0, bc, qs, 0, k, ko, mask, sc, FWD_KEYS);
                    rowMaxima(vo_, causal, t0, br, s0, bc, sc, m, mx);
                    rescale(vo_, causal, t0, br, s0, bc, sc, m, mx, l, acc, n.dv);
                    if (drop != null)
                        for (int r = 0; r < br; r++) {
                            drop.mask(z, 0, bc, bh, t0 + r, s0, n);
                            vo_.mul(sc, r * FWD_KEYS, z, 0, sc, r * FWD_KEYS, bc);
                        }
                    Gemm.sgemm(false, false, br, n.dv, bc, sc, 0, FWD_KEYS, v, vo + (bh * n.s + s0) * n.dv, n.dv, acc, 0, n.dv, true);
                }
                for (int r = 0; r < br; r++) {
                    boolean any = l[r] > 0f;
                    vo_.scaleShift(acc, r * n.dv, any ? 1f / l[r] : 0f, 0f, out, (qRow + r) * n.dv, n.dv);
                    lse[qRow + r] = any ? m[r] + (float) Math.log(l[r]) : Float.POSITIVE_INFINITY;
                }
            }
        });
    }

    /**
     * dq (B,H,T,D), dk (B,H,S,D), dv (B,H,S,Dv), each zero-filled or null when not wanted, from dout, out (B,H,T,Dv)
     * and lse (B,H,T) of the forward with the same inputs. With p = exp(score - lse) and dp = dout·vᵀ:
     * dv += pᵀ·dout, ds = p ∘ (dp - rowsum(dout ∘ out)), dq += scale·ds·k, dk += scale·dsᵀ·q.
     */
    public static void backward(Dims n, float[] q, int qo, float[] k, int ko, float[] v, int vo, Mask mask, boolean causal,
                                float scale, Dropout drop, float[] dout, int go, float[] out, float[] lse, float[] dq, float[] dk, float[] dv) {
        int units = n.b * n.h;
        if (units == 0 || n.t == 0 || n.s == 0) return;
        Parallel.forChunks(units, chunks(units), (u0, u1) -> {
            VectorOps vo_ = VectorOps.get();
            float[] p = scratch(0, BR * BWD_KEYS), dp = scratch(1, BR * BWD_KEYS), rowDot = scratch(2, n.t);
            float[] qs = scratch(3, BR * n.d), gs = scratch(4, BR * n.dv); // scale·q and scale·dout of one query tile
            float[] pd = drop == null ? null : scratch(5, BR * BWD_KEYS); // the dropped weights, p∘z
            float[] z = drop == null ? null : scratch(6, BR * BWD_KEYS); // the tile's dropout factors
            for (int bh = u0; bh < u1; bh++) {
                for (int t = 0; t < n.t; t++) {
                    int row = bh * n.t + t;
                    rowDot[t] = scale * vo_.dot(dout, go + row * n.dv, out, row * n.dv, n.dv);
                }
                for (int s0 = 0; s0 < n.s; s0 += BWD_KEYS) {
                    int bc = Math.min(BWD_KEYS, n.s - s0), kOff = (bh * n.s + s0) * n.d, vOff = (bh * n.s + s0) * n.dv;
                    for (int t0 = causal ? s0 / BR * BR : 0; t0 < n.t; t0 += BR) { // causal: earlier rows see none of these keys
                        int br = Math.min(BR, n.t - t0), qRow = bh * n.t + t0;
                        vo_.scaleShift(q, qo + qRow * n.d, scale, 0f, qs, 0, br * n.d);
                        scores(vo_, n, bh, t0, br, s0, bc, qs, 0, k, ko, mask, p, BWD_KEYS);
                        for (int r = 0; r < br; r++) {
                            int row = r * BWD_KEYS, len = valid(causal, t0 + r, s0, bc);
                            float shift = lse[qRow + r];
                            if (len <= 0 || shift == Float.POSITIVE_INFINITY) len = 0;
                            else vo_.expScaleShift(p, row, shift, 1f, 0f, p, row, len);
                            Arrays.fill(p, row + len, row + bc, 0f);
                        }
                        if (drop != null)
                            for (int r = 0; r < br; r++) {
                                drop.mask(z, r * BWD_KEYS, bc, bh, t0 + r, s0, n);
                                vo_.mul(p, r * BWD_KEYS, z, r * BWD_KEYS, pd, r * BWD_KEYS, bc);
                            }
                        if (dv != null)
                            Gemm.sgemm(true, false, bc, n.dv, br, drop == null ? p : pd, 0, BWD_KEYS, dout, go + qRow * n.dv, n.dv, dv, vOff, n.dv, true);
                        if (dq == null && dk == null) continue;
                        vo_.scaleShift(dout, go + qRow * n.dv, scale, 0f, gs, 0, br * n.dv);
                        Gemm.sgemm(false, true, br, bc, n.dv, gs, 0, n.dv, v, vo + vOff, n.dv, dp, 0, BWD_KEYS, false);
                        if (drop != null) // dP = dP̃∘z
                            for (int r = 0; r < br; r++) vo_.mul(dp, r * BWD_KEYS, z, r * BWD_KEYS, dp, r * BWD_KEYS, bc);
                        for (int r = 0; r < br; r++) // scale·ds, from dp and rowDot both computed from scale·dout
                            vo_.addMul(dp, r * BWD_KEYS, -rowDot[t0 + r], p, r * BWD_KEYS, dp, r * BWD_KEYS, bc);
                        if (dq != null)
                            Gemm.sgemm(false, false, br, n.d, bc, dp, 0, BWD_KEYS, k, ko + kOff, n.d, dq, qRow * n.d, n.d, true);
                        if (dk != null)
                            Gemm.sgemm(true, false, bc, n.d, br, dp, 0, BWD_KEYS, q, qo + qRow * n.d, n.d, dk, kOff, n.d, true);
                    }
                }
            }
        });
    }

    // One key tile of the online softmax, rows r < br of sc (br, FWD_KEYS): mx[r] = the row's running max m[r] raised to
    // its visible scores' max. Two methods, this and rescale, each compiled by C2 as a unit of its own (and then too large
    // to inline into the forward's loop): one unit holding the max, the exp and the rescale ran past C2's node budget
    // (NodeCountInliningCutoff) and left sumLanes, inside expShifted, as a call; a vector passed to a call is boxed and
    // runs the Vector API's allocating Java fallback, 240 MiB a forward at T = 4096 (issue #7).
    private static void rowMaxima(VectorOps vo_, boolean causal, int t0, int br, int s0, int bc, float[] sc, float[] m,
                                  float[] mx) {
        for (int r = 0; r < br; r++) {
            int len = valid(causal, t0 + r, s0, bc);
            mx[r] = len <= 0 ? Float.NEGATIVE_INFINITY : Math.max(m[r], vo_.maxUnrolled(sc, r * FWD_KEYS, len));
        }
    }

    // Then each row becomes exp(score - mx[r]), zero past the keys it sees, and its running sum l[r] and accumulator row
    // acc[r] (dv long) are rescaled from the old max m[r] to mx[r], which becomes m[r].
    private static void rescale(VectorOps vo_, boolean causal, int t0, int br, int s0, int bc, float[] sc, float[] m,
                                float[] mx, float[] l, float[] acc, int dv) {
        for (int r = 0; r < br; r++) {
            int row = r * FWD_KEYS, len = valid(causal, t0 + r, s0, bc);
            if (mx[r] == Float.NEGATIVE_INFINITY) { // nothing visible yet: this tile adds nothing to the row
                Arrays.fill(sc, row, row + bc, 0f);
                continue;
            }
            float corr = (float) Math.exp(m[r] - mx[r]); // 0 when the row had no visible key before
            float sum = vo_.expShifted(sc, row, mx[r], sc, row, len);
            Arrays.fill(sc, row + len, row + bc, 0f);
            if (corr != 1f && m[r] != Float.NEGATIVE_INFINITY) vo_.scaleShift(acc, r * dv, corr, 0f, acc, r * dv, dv);
            l[r] = l[r] * corr + sum;
            m[r] = mx[r];
        }
    }

    // Many more chunks than threads, taken by whichever thread is free: causal units differ in cost, and on a loaded
    // machine a thread that is descheduled holds up only its own chunk. Units are independent: results do not depend on it.
    private static int chunks(int units) {
        return Math.min(units, 16 * Parallel.threads());
    }

    // Tiles of the calling thread, kept between calls (as Gemm's panels), so that chunks allocate nothing
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[7][0]);

    private static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new float[size];
        return s[slot];
    }

    // sc (br, ld) = qs·k[s0:s0+bc]ᵀ + mask[t0:t0+br, s0:s0+bc] for one head bh, qs holding scale·q[t0:t0+br] (rows n.d apart
    // from qso): the scale applied to q once rather than to every tile of scores
    private static void scores(VectorOps vo_, Dims n, int bh, int t0, int br, int s0, int bc, float[] qs, int qso,
                               float[] k, int ko, Mask mask, float[] sc, int ld) {
        Gemm.sgemm(false, true, br, bc, n.d, qs, qso, n.d, k, ko + (bh * n.s + s0) * n.d, n.d, sc, 0, ld, false);
        if (mask == null) return;
        int b = bh / n.h, h = bh % n.h;
        float[] md = mask.data;
        for (int r = 0; r < br; r++) {
            int mRow = mask.offset + b * mask.sb + h * mask.sh + (t0 + r) * mask.st + s0 * mask.ss, row = r * ld;
            if (mask.ss == 1) vo_.add(sc, row, md, mRow, sc, row, bc);
            else for (int j = 0; j < bc; j++) sc[row + j] += md[mRow + j * mask.ss];
        }
    }

    // how many leading keys of the tile from s0 (bc of them) query t sees: all, or under causal those with s ≤ t
    private static int valid(boolean causal, int t, int s0, int bc) {
        return causal ? Math.min(bc, t + 1 - s0) : bc;
    }
}
