package dev.nabla.kernel;

import java.util.Arrays;

/**
 * Single-precision matrix multiply, BLAS-style: C = op(A)·op(B) (or C += ... when accumulate),
 * with op(X) = X or Xᵀ, row-major storage and leading dimensions.
 *
 * <p>Large products go the BLIS way: B is packed in KC×NC panels of NR-wide strips, A in MC×KC blocks of MR-high
 * strips (transposes are absorbed by the packing), and the register-tiled micro-kernel of {@link VectorOps}
 * computes MR×NR tiles of C. Small products skip the packing.
 */
public final class Gemm {
    // tuned on AMD EPYC (AVX-512, 1 MiB L2): a longer KC halves the passes over C; MC×KC of A stays in L2
    private static final int KC = 384, MC = 96, NC = 3072;
    private static final long SMALL = 32L * 32 * 32; // m·n·k below this: packing costs more than it saves
    // with few rows of A, each element of B is used too few times to repay packing it: the kernel reads B in place
    private static final int DIRECT_B_MAX_M = 128;
    // a transposed B whose rows lie this far apart is packed row by row: reading across rows would miss the TLB
    private static final int FAR_ROWS = 4096;
    // with at most this many rows, all of A's kc slice stays in L2, so B can be packed strip by strip (see strips)
    private static final int STRIPS_MAX_M = 256;

    private static final ThreadLocal<float[][]> PACKS = ThreadLocal.withInitial(() -> new float[3][0]); // B panel, A block, edge tile

    private Gemm() {}

    // c (m, n) [+]= op(a) (m, k) · op(b) (k, n); a stored (m, lda) or, transposed, (k, lda); b stored (k, ldb) or (n, ldb)
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int ao, int lda, float[] b, int bo, int ldb,
                             float[] c, int co, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, co + i * ldc, co + i * ldc + n, 0f);
            return;
        }
        VectorOps v = VectorOps.get();
        int mr = v.gemmMr(), nr = v.gemmNr();
        boolean small = (long) m * n * k < SMALL;
        // a small product, or rows of Bᵀ used by so few rows of A that packing them costs more than the product
        if (transB && (small || m < 2 * mr)) {
            dots(transA, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
            return;
        }
        if (small) {
            axpyRows(transA, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
            return;
        }
        long flops = 2L * m * n * k;
        int threads = (int) Math.max(1, Math.min(Parallel.threads(), flops / (1L << 21)));
        boolean directB = !transB && m <= DIRECT_B_MAX_M;
        // each thread packs all of A: worth it when B is the larger operand (weights times a few rows)
        if (!directB && m <= STRIPS_MAX_M && (threads == 1 || n >= 4 * m)) {
            strips(v, threads, transA, transB, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
        } else if (threads > 1 && !directB && m >= 4 * mr * threads) {
            sharedB(v, threads, transA, transB, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
        } else if (threads > 1) { // few rows: each thread takes whole micro-tile columns of C and packs its own panels
            int tiles = (n + nr - 1) / nr, chunks = Math.min(threads, tiles);
            Parallel.forChunks(tiles, chunks, (t0, t1) -> {
                int j0 = t0 * nr, j1 = Math.min(n, t1 * nr);
                packed(v, transA, transB, m, j1 - j0, k, a, ao, lda,
                        b, transB ? bo + j0 * ldb : bo + j0, ldb, c, co + j0, ldc, accumulate);
            });
        } else {
            packed(v, transA, transB, m, n, k, a, ao, lda, b, bo, ldb, c, co, ldc, accumulate);
        }
    }

    /** Scratch of the calling thread: the B panel, the A block and an edge tile. */
    private static float[][] scratch(int bSize, int aSize, int tileSize) {
        float[][] packs = PACKS.get();
        if (packs[0].length < bSize) packs[0] = new float[bSize];
        if (packs[1].length < aSize) packs[1] = new float[aSize];
        if (packs[2].length < tileSize) packs[2] = new float[tileSize];
        return packs;
    }

    /**
     * Many rows, several threads: each B panel is packed once (its strips split across the threads), then the
     * threads split the rows of C, each packing only its own blocks of A.
     */
    private static void sharedB(VectorOps v, int threads, boolean transA, boolean transB, int m, int n, int k,
                                float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                float[] c, int co, int ldc, boolean accumulate) {
        int mr = v.gemmMr(), nr = v.gemmNr();
        float[] bp = scratch(Math.min(KC, k) * Math.min(NC, roundUp(n, nr)), 0, 0)[0];
        int rowTiles = (m + mr - 1) / mr;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc), strips = (nc + nr - 1) / nr, j0 = jc;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc), p0 = pc;
                boolean acc = accumulate || pc > 0;
                Parallel.forChunks(strips, Math.min(threads, strips), (s0, s1) ->
                        packB(transB, b, bo, ldb, p0, kc, j0 + s0 * nr, Math.min(nc, s1 * nr) - s0 * nr, nr, bp, s0 * kc * nr));
                Parallel.forChunks(rowTiles, Math.min(threads, rowTiles), (t0, t1) -> {
                    float[][] packs = scratch(0, Math.min(KC, k) * MC, mr * nr);
                    rowBlocks(v, transA, t0 * mr, Math.min(m, t1 * mr), a, ao, lda, p0, kc, b, bo, ldb, false, bp, j0, nc,
                            packs[1], packs[2], c, co, ldc, acc);
                });
            }
        }
    }

    /**
     * Few rows (the prompt of a language model times its weights): each thread packs all of A's kc slice once, then
     * packs each NR-wide strip of B just before the micro-kernel uses it on every row. The strip is still in L1/L2
     * when used, instead of a whole B panel written out to L3 and read back, and the threads, splitting the strips,
     * stream the weights from memory without waiting for each other.
     */
    private static void strips(VectorOps v, int threads, boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int ao, int lda, float[] b, int bo, int ldb,
                               float[] c, int co, int ldc, boolean accumulate) {
        int mr = v.gemmMr(), nr = v.gemmNr(), tiles = (n + nr - 1) / nr;
        Parallel.forChunks(tiles, Math.min(threads, tiles), (t0, t1) -> {
            float[][] packs = scratch(Math.min(KC, k) * nr, Math.min(KC, k) * roundUp(m, mr), mr * nr);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean acc = accumulate || pc > 0;
                packA(transA, a, ao, lda, 0, m, pc, kc, mr, packs[1]);
                for (int t = t0; t < t1; t++) {
                    int j = t * nr, nn = Math.min(nr, n - j);
                    packB(transB, b, bo, ldb, pc, kc, j, nn, nr, packs[0], 0);
                    for (int ir = 0; ir < m; ir += mr)
                        tile(v, kc, packs[1], (ir / mr) * kc * mr, packs[0], 0, nr, Math.min(mr, m - ir), nn,
                                packs[2], c, co + ir * ldc + j, ldc, acc);
                }
            }
        });
    }

    /** One thread's whole product: the blocked loops around the micro-kernel. */
    private static void packed(VectorOps v, boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int ao, int lda, float[] b, int bo, int ldb,
                               float[] c, int co, int ldc, boolean accumulate) {
        int mr = v.gemmMr(), nr = v.gemmNr();
        float[][] packs = scratch(Math.min(KC, k) * Math.min(NC, roundUp(n, nr)), Math.min(KC, k) * Math.min(MC, roundUp(m, mr)), mr * nr);
        boolean directB = !transB && m <= DIRECT_B_MAX_M;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (directB) { // only a partial last strip needs packing
                    int full = nc / nr * nr;
                    if (full < nc) packB(false, b, bo, ldb, pc, kc, jc + full, nc - full, nr, packs[0], 0);
                } else {
                    packB(transB, b, bo, ldb, pc, kc, jc, nc, nr, packs[0], 0);
                }
                rowBlocks(v, transA, 0, m, a, ao, lda, pc, kc, b, bo, ldb, directB, packs[0], jc, nc, packs[1], packs[2],
                        c, co, ldc, accumulate || pc > 0);
            }
        }
    }

    /**
     * Rows [i0, i1) of C, columns [jc, jc+nc), one kc-deep slice: A packed in MC-row blocks, then every micro-tile.
     * B comes packed in bp, or (directB) is read in place except a partial last strip, packed at the start of bp.
     */
    private static void rowBlocks(VectorOps v, boolean transA, int i0, int i1, float[] a, int ao, int lda, int pc, int kc,
                                  float[] b, int bo, int ldb, boolean directB, float[] bp, int jc, int nc,
                                  float[] ap, float[] tile, float[] c, int co, int ldc, boolean acc) {
        int mr = v.gemmMr(), nr = v.gemmNr();
        for (int ic = i0; ic < i1; ic += MC) {
            int mc = Math.min(MC, i1 - ic);
            packA(transA, a, ao, lda, ic, mc, pc, kc, mr, ap);
            for (int jr = 0; jr < nc; jr += nr) {
                int nn = Math.min(nr, nc - jr);
                boolean inPlace = directB && nn == nr;
                float[] bs = inPlace ? b : bp;
                int bso = inPlace ? bo + pc * ldb + jc + jr : directB ? 0 : (jr / nr) * kc * nr, bld = inPlace ? ldb : nr;
                for (int ir = 0; ir < mc; ir += mr)
                    tile(v, kc, ap, (ir / mr) * kc * mr, bs, bso, bld, Math.min(mr, mc - ir), nn, tile, c,
                            co + (ic + ir) * ldc + jc + jr, ldc, acc);
            }
        }
    }

    // c at cij (mm ≤ MR rows, nn ≤ NR columns) (+)= one packed A strip · one B strip, kc deep
    private static void tile(VectorOps v, int kc, float[] ap, int apo, float[] bs, int bso, int bld, int mm, int nn,
                             float[] scratch, float[] c, int cij, int ldc, boolean acc) {
        int mr = v.gemmMr(), nr = v.gemmNr();
        if (mm == mr && nn == nr) {
            v.gemmKernel(kc, ap, apo, bs, bso, bld, c, cij, ldc, acc);
            return;
        }
        v.gemmKernel(kc, ap, apo, bs, bso, bld, scratch, 0, nr, false); // edge: the full tile, then its valid part
        for (int i = 0; i < mm; i++)
            for (int j = 0; j < nn; j++)
                c[cij + i * ldc + j] = acc ? c[cij + i * ldc + j] + scratch[i * nr + j] : scratch[i * nr + j];
    }

    // bp at bpo (strips of nr columns: kc × nr each, zero-padded) = op(B)[pc:pc+kc, jc:jc+nc]
    private static void packB(boolean transB, float[] b, int bo, int ldb, int pc, int kc, int jc, int nc, int nr, float[] bp, int bpo) {
        for (int js = 0; js < nc; js += nr) {
            int w = Math.min(nr, nc - js), base = bpo + (js / nr) * kc * nr;
            if (w < nr) Arrays.fill(bp, base, base + kc * nr, 0f); // a partial strip: its padding columns stay 0
            if (transB && w == nr) { // a full strip of Bᵀ rows: the provider's transposing pack
                VectorOps.get().packTransposed(b, bo + (jc + js) * ldb + pc, ldb, nr, kc, bp, base);
                continue;
            }
            if (transB && ldb >= FAR_ROWS) { // rows far apart: read each row of Bᵀ once, scatter into the strip
                for (int j = 0; j < w; j++) {
                    int src = bo + (jc + js + j) * ldb + pc;
                    for (int p = 0, dst = base + j; p < kc; p++, dst += nr) bp[dst] = b[src + p];
                }
                continue;
            }
            for (int p = 0; p < kc; p++) {
                int dst = base + p * nr;
                if (!transB) {
                    System.arraycopy(b, bo + (pc + p) * ldb + jc + js, bp, dst, w);
                } else {
                    int src = bo + (jc + js) * ldb + pc + p;
                    for (int j = 0; j < w; j++) bp[dst + j] = b[src + j * ldb];
                }
            }
        }
    }

    // ap (strips of mr rows: kc × mr each, zero-padded) = op(A)[ic:ic+mc, pc:pc+kc]
    private static void packA(boolean transA, float[] a, int ao, int lda, int ic, int mc, int pc, int kc, int mr, float[] ap) {
        for (int is = 0; is < mc; is += mr) {
            int h = Math.min(mr, mc - is), base = (is / mr) * kc * mr;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * mr;
                    System.arraycopy(a, ao + (pc + p) * lda + ic + is, ap, dst, h);
                    if (h < mr) Arrays.fill(ap, dst + h, dst + mr, 0f);
                }
            } else if (h == mr) {
                VectorOps.get().packTransposed(a, ao + (ic + is) * lda + pc, lda, mr, kc, ap, base);
            } else {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * mr, src = ao + (ic + is) * lda + pc + p;
                    for (int i = 0; i < h; i++) ap[dst + i] = a[src + i * lda];
                    Arrays.fill(ap, dst + h, dst + mr, 0f);
                }
            }
        }
    }

    private static int roundUp(int x, int r) {
        return (x + r - 1) / r * r;
    }

    /** C = op(A)·Bᵀ as dot products of rows, in 4 × 4 tiles, the columns of C split across threads. */
    private static void dots(boolean transA, int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                             float[] c, int co, int ldc, boolean accumulate) {
        float[] at = transA ? new float[m * k] : null; // rows of Aᵀ gathered once
        if (transA) for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) at[i * k + p] = a[ao + p * lda + i];
        float[] ar = transA ? at : a;
        int aoff = transA ? 0 : ao, ald = transA ? k : lda;
        VectorOps v = VectorOps.get();
        int tiles = (n + 3) / 4;
        Parallel.forRange(tiles, (int) Math.max(1, (1L << 14) / Math.max(1L, (long) m * k)), (t0, t1) -> {
            for (int j = 4 * t0; j < Math.min(n, 4 * t1); j += 4)
                for (int i = 0; i < m; i += 4)
                    v.dotTile(ar, aoff + i * ald, ald, Math.min(4, m - i), b, bo + j * ldb, ldb, Math.min(4, n - j), k,
                            c, co + i * ldc + j, ldc, accumulate);
        });
    }

    /** A small product without packing: each row of C as axpy updates by the rows of B. */
    private static void axpyRows(boolean transA, int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                                 float[] c, int co, int ldc, boolean accumulate) {
        VectorOps v = VectorOps.get();
        for (int i = 0; i < m; i++) {
            int crow = co + i * ldc;
            if (!accumulate) Arrays.fill(c, crow, crow + n, 0f);
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[ao + p * lda + i] : a[ao + i * lda + p];
                v.axpy(aip, b, bo + p * ldb, c, crow, n);
            }
        }
    }
}
