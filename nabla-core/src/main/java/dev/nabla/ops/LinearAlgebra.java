package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;

/** matmul in all of torch.matmul's forms, built from views and one batched matrix product. */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    public static Tensor matmul(Tensor a, Tensor b) {
        int ra = a.dim(), rb = b.dim();
        if (ra == 0 || rb == 0)
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        Tensor a2 = ra == 1 ? a.unsqueeze(0) : a;   // (k) -> (1, k)
        Tensor b2 = rb == 1 ? b.unsqueeze(-1) : b;  // (k) -> (k, 1)
        int k = a2.size(-1);
        if (b2.size(-2) != k)
            throw new IllegalArgumentException("matmul: " + Shape.str(a.shape()) + " @ " + Shape.str(b.shape())
                    + ": inner dimensions " + k + " and " + b2.size(-2) + " differ");
        int[] sa = a2.shape(), sb = b2.shape();
        int[] batch = Shape.broadcast("matmul", Arrays.copyOf(sa, sa.length - 2), Arrays.copyOf(sb, sb.length - 2));
        Tensor out = mm(a2.expand(withLast2(batch, sa)), b2.expand(withLast2(batch, sb)));
        if (rb == 1) out = out.squeeze(-1);
        if (ra == 1) out = out.squeeze(rb == 1 ? -1 : -2);
        return out;
    }

    private static int[] withLast2(int[] batch, int[] s) {
        int[] r = Arrays.copyOf(batch, batch.length + 2);
        r[batch.length] = s[s.length - 2];
        r[batch.length + 1] = s[s.length - 1];
        return r;
    }

    /** The batched product of (..., m, k) and (..., k, n) with equal batch dims: the one matmul op with a backward. */
    static Tensor mm(Tensor a, Tensor b) {
        Tensor out = bmmForward(a, b);
        // each gradient is made in its input's layout (a transposed view, as W.t() in x·Wᵀ, gets (gᵀ·x)ᵀ),
        // so that it reaches a leaf as a contiguous tensor rather than a transpose to copy
        return Autograd.record("mm", out, g -> new Tensor[] {
                a.requiresGrad() ? (storedTransposed(a) ? mm(b, g.transpose(-1, -2)).transpose(-1, -2) : mm(g, b.transpose(-1, -2))) : null,
                b.requiresGrad() ? (storedTransposed(b) ? mm(g.transpose(-1, -2), a).transpose(-1, -2) : mm(a.transpose(-1, -2), g)) : null}, a, b);
    }

    /** True when the last two dims are stored column-major (a transposed view of a contiguous matrix). */
    private static boolean storedTransposed(Tensor t) {
        int r = t.dim();
        int[] st = t.strides(), s = t.shape();
        return s[r - 2] > 1 && s[r - 1] > 1 && st[r - 2] == 1 && st[r - 1] >= s[r - 2];
    }

    /** How a strided matrix can be passed to GEMM without copying: transposed or not, with its leading dimension. */
    private record Layout(boolean trans, int ld) {
        static Layout of(int rows, int cols, int rs, int cs) {
            if ((cols == 1 || cs == 1) && (rows == 1 || rs >= Math.max(cols, 1))) return new Layout(false, rows == 1 ? Math.max(cols, 1) : rs);
            if ((rows == 1 || rs == 1) && (cols == 1 || cs >= Math.max(rows, 1))) return new Layout(true, cols == 1 ? Math.max(rows, 1) : cs);
            return null;
        }
    }

    // out (..., m, n) = a (..., m, k) @ b (..., k, n)
    private static Tensor bmmForward(Tensor a, Tensor b) {
        int r = a.dim();
        int m = a.size(-2), k = a.size(-1), n = b.size(-1);
        Layout la = Layout.of(m, k, a.strides()[r - 2], a.strides()[r - 1]);
        if (la == null) {
            a = a.detach().contiguousCopy();
            la = Layout.of(m, k, k, 1);
        }
        Layout lb = Layout.of(k, n, b.strides()[r - 2], b.strides()[r - 1]);
        if (lb == null) {
            b = b.detach().contiguousCopy();
            lb = Layout.of(k, n, n, 1);
        }
        int[] outShape = a.shape();
        outShape[r - 1] = n;
        float[] out = new float[Shape.numel(outShape)];
        int batches = 1;
        for (int i = 0; i < r - 2; i++) batches *= outShape[i];
        int[] aOff = batchOffsets(a, batches), bOff = batchOffsets(b, batches);
        float[] ad = a.storage(), bd = b.storage();
        Layout fa = la, fb = lb;
        int mn = m * n;
        if (batches >= Parallel.threads() && (long) m * n * k < (1 << 20)) {
            // many small products: one thread per group of batches
            Parallel.forRange(batches, 1, (b0, b1) -> {
                for (int i = b0; i < b1; i++)
                    Gemm.sgemm(fa.trans, fb.trans, m, n, k, ad, aOff[i], fa.ld, bd, bOff[i], fb.ld, out, i * mn, n, false);
            });
        } else {
            for (int i = 0; i < batches; i++)
                Gemm.sgemm(fa.trans, fb.trans, m, n, k, ad, aOff[i], fa.ld, bd, bOff[i], fb.ld, out, i * mn, n, false);
        }
        return Tensor.wrap(out, outShape);
    }

    /** Storage offset of each batch's matrix, in row-major batch order. */
    private static int[] batchOffsets(Tensor t, int batches) {
        int[] s = t.shape(), st = t.strides();
        int nb = s.length - 2;
        int[] offs = new int[batches];
        int[] idx = new int[nb];
        int off = t.storageOffset();
        for (int i = 0; i < batches; i++) {
            offs[i] = off;
            for (int d = nb - 1; d >= 0; d--) {
                if (++idx[d] < s[d]) {
                    off += st[d];
                    break;
                }
                idx[d] = 0;
                off -= (s[d] - 1) * st[d];
            }
        }
        return offs;
    }
}
