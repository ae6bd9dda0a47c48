package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.List;

/**
 * Multi-head attention as torch.nn.MultiheadAttention, with its parameter names and layout: in_proj_weight (3E, E)
 * (or q_proj_weight (E, E), k_proj_weight (E, kdim), v_proj_weight (E, vdim) when kdim or vdim differ from E),
 * in_proj_bias (3E), bias_k and bias_v (1, 1, E) with addBiasKv, and out_proj (a Linear E → E); a torch state dict
 * loads as it is. Inputs are (T, B, E) / (S, B, kdim) / (S, B, vdim), or batch first, or unbatched (T, E).
 * keyPaddingMask (B, S): nonzero marks padding that no query sees. attnMask: additive float (T, S) or (B·H, T, S)
 * (see {@link #additiveMask} for torch's boolean form). A query whose keys are all masked gets a zero row (torch
 * 1.13 gives NaN). The attention itself is {@link F#scaledDotProductAttentionWithWeights}.
 */
public class MultiheadAttention extends Module {
    public final int embedDim, numHeads, headDim, kdim, vdim;
    public final float dropout;
    public final boolean batchFirst, addZeroAttn;
    /** null where absent (inProjWeight when kdim or vdim differ from embedDim; q/k/vProjWeight otherwise; biases). */
    public final Tensor inProjWeight, qProjWeight, kProjWeight, vProjWeight, inProjBias, biasK, biasV;
    public final Linear outProj;

    /** torch names the output projection so; the class exists for the repr. */
    private static final class NonDynamicallyQuantizableLinear extends Linear {
        NonDynamicallyQuantizableLinear(int in, int out, boolean bias, Generator g) {
            super(in, out, bias, g);
        }
    }

    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0f, true, false, false, embedDim, embedDim, false, Generator.global());
    }

    public MultiheadAttention(int embedDim, int numHeads, float dropout, boolean batchFirst, Generator g) {
        this(embedDim, numHeads, dropout, true, false, false, embedDim, embedDim, batchFirst, g);
    }

    /** The full torch constructor; initialised as torch: xavier_uniform_ projections, zero biases, xavier_normal_ bias_k/v. */
    public MultiheadAttention(int embedDim, int numHeads, float dropout, boolean bias, boolean addBiasKv, boolean addZeroAttn,
                              int kdim, int vdim, boolean batchFirst, Generator g) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0 || kdim <= 0 || vdim <= 0)
            throw new IllegalArgumentException("MultiheadAttention: embedDim (" + embedDim + ") must be a positive multiple of numHeads ("
                    + numHeads + "), kdim (" + kdim + ") and vdim (" + vdim + ") positive");
        if (!(dropout >= 0f && dropout <= 1f))
            throw new IllegalArgumentException("MultiheadAttention: dropout probability has to be between 0 and 1, got " + dropout);
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        this.kdim = kdim;
        this.vdim = vdim;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        this.addZeroAttn = addZeroAttn;
        boolean same = kdim == embedDim && vdim == embedDim;
        qProjWeight = registerParameter("q_proj_weight", same ? null : Tensor.zeros(embedDim, embedDim));
        kProjWeight = registerParameter("k_proj_weight", same ? null : Tensor.zeros(embedDim, kdim));
        vProjWeight = registerParameter("v_proj_weight", same ? null : Tensor.zeros(embedDim, vdim));
        inProjWeight = registerParameter("in_proj_weight", same ? Tensor.zeros(3 * embedDim, embedDim) : null);
        inProjBias = registerParameter("in_proj_bias", bias ? Tensor.zeros(3 * embedDim) : null);
        biasK = registerParameter("bias_k", addBiasKv ? Tensor.zeros(1, 1, embedDim) : null);
        biasV = registerParameter("bias_v", addBiasKv ? Tensor.zeros(1, 1, embedDim) : null);
        outProj = registerModule("out_proj", new NonDynamicallyQuantizableLinear(embedDim, embedDim, bias, g));
        for (Tensor w : same ? List.of(inProjWeight) : List.of(qProjWeight, kProjWeight, vProjWeight)) Init.xavierUniform_(w, 1, g);
        if (bias) Init.constant_(outProj.bias, 0f);
        if (addBiasKv) {
            float std = (float) Math.sqrt(2.0 / (2 * embedDim)); // xavier_normal_ of (1, 1, E): fan_in = fan_out = E
            Init.normal_(biasK, 0f, std, g);
            Init.normal_(biasV, 0f, std, g);
        }
    }

    /** Self-attention without masks; the output only. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x);
    }

    /** Attention without masks; the output only. */
    public Tensor forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, null, null, false, true, null).output();
    }

    public Attention forward(Tensor query, Tensor key, Tensor value, IntTensor keyPaddingMask, Tensor attnMask,
                             boolean needWeights, boolean averageAttnWeights) {
        return forward(query, key, value, keyPaddingMask, attnMask, needWeights, averageAttnWeights, null);
    }

    /**
     * The output (as the query) and, with needWeights, the weights (B, T, S) averaged over heads or (B, H, T, S)
     * (null otherwise). With a cache, key and value hold only the new positions (a fixed cache ignores them once
     * filled); keyPaddingMask and attnMask then cover all S cached positions (see {@link #causalMask}).
     */
    public Attention forward(Tensor query, Tensor key, Tensor value, IntTensor keyPaddingMask, Tensor attnMask,
                             boolean needWeights, boolean averageAttnWeights, KVCache cache) {
        String op = "MultiheadAttention";
        boolean batched = query.dim() == 3;
        if (query.dim() != 2 && !batched || key.dim() != query.dim() || value.dim() != query.dim())
            throw new IllegalArgumentException(op + ": query, key and value must all be 3-D (batched) or 2-D (unbatched), got "
                    + Shape.str(query.shape()) + ", " + Shape.str(key.shape()) + ", " + Shape.str(value.shape()));
        if (cache != null && (biasK != null || addZeroAttn))
            throw new IllegalArgumentException(op + ": a KVCache cannot be used with addBiasKv or addZeroAttn");
        // to (B, L, features)
        Tensor qi = batched ? (batchFirst ? query : query.transpose(0, 1)) : query.unsqueeze(0);
        Tensor ki = batched ? (batchFirst ? key : key.transpose(0, 1)) : key.unsqueeze(0);
        Tensor vi = batched ? (batchFirst ? value : value.transpose(0, 1)) : value.unsqueeze(0);
        int b = qi.size(0), t = qi.size(1), e = embedDim, h = numHeads, d = headDim;
        if (qi.size(2) != e || ki.size(2) != kdim || vi.size(2) != vdim || ki.size(0) != b || vi.size(0) != b || ki.size(1) != vi.size(1))
            throw new IllegalArgumentException(op + ": expected query (..., " + e + "), key (..., " + kdim + "), value (..., " + vdim
                    + ") with the same batch and key/value lengths (batchFirst=" + batchFirst + "), got " + Shape.str(query.shape())
                    + ", " + Shape.str(key.shape()) + ", " + Shape.str(value.shape()));
        Tensor q = heads(F.linear(qi, weight(0, qProjWeight), bias(0)), b, h, d);
        Tensor k, v;
        int extra = (biasK != null ? 1 : 0) + (addZeroAttn ? 1 : 0); // key columns torch adds after the given ones
        if (cache != null && cache.isFixed() && cache.isFilled()) {
            k = cache.keys();
            v = cache.values();
        } else {
            Tensor kp = F.linear(ki, weight(1, kProjWeight), bias(1)), vp = F.linear(vi, weight(2, vProjWeight), bias(2));
            if (biasK != null) {
                kp = Tensor.cat(List.of(kp, biasK.expand(b, 1, e)), 1);
                vp = Tensor.cat(List.of(vp, biasV.expand(b, 1, e)), 1);
            }
            k = heads(kp, b, h, d);
            v = heads(vp, b, h, d);
            if (addZeroAttn) {
                k = Tensor.cat(List.of(k, Tensor.zeros(b, h, 1, d)), 2);
                v = Tensor.cat(List.of(v, Tensor.zeros(b, h, 1, d)), 2);
            }
            if (cache != null) {
                cache.append(k, v);
                k = cache.keys();
                v = cache.values();
            }
        }
        int s = k.size(2), given = s - extra;
        IntTensor keep = null;
        if (keyPaddingMask != null) {
            IntTensor pad = batched ? keyPaddingMask : keyPaddingMask.unsqueeze(0);
            if (pad.dim() != 2 || pad.size(0) != b || pad.size(1) != given)
                throw new IllegalArgumentException(op + ": keyPaddingMask must be (B, S) = (" + b + ", " + given + "), got " + Shape.str(keyPaddingMask.shape()));
            int[] a = new int[b * s]; // 1 = the key takes part; the added columns always do
            for (int i = 0; i < b; i++) for (int j = 0; j < s; j++) a[i * s + j] = j >= given || pad.get(i, j) == 0 ? 1 : 0;
            keep = IntTensor.wrap(a, b, 1, 1, s);
        }
        Tensor mask = null;
        if (attnMask != null) {
            boolean perHead = attnMask.dim() == 3 && attnMask.size(0) == b * h;
            if (!(attnMask.dim() == 2 || perHead) || attnMask.size(-2) != t || attnMask.size(-1) != given)
                throw new IllegalArgumentException(op + ": attnMask must be (T, S) = (" + t + ", " + given + ") or (B·H, T, S) = ("
                        + b * h + ", " + t + ", " + given + "), got " + Shape.str(attnMask.shape()));
            mask = extra > 0 ? attnMask.pad(new int[] {0, extra}, 0f) : attnMask;
            if (perHead) mask = mask.reshape(b, h, t, s);
        }
        float p = isTraining() ? dropout : 0f;
        Attention a = needWeights ? F.scaledDotProductAttentionWithWeights(q, k, v, mask, keep, p, false, null, null)
                : new Attention(F.scaledDotProductAttention(q, k, v, mask, keep, p, false, null, null), null);
        Tensor out = outProj.forward(a.output().transpose(1, 2).reshape(b, t, e)); // (B, T, E)
        out = batched ? (batchFirst ? out : out.transpose(0, 1)) : out.squeeze(0);
        Tensor w = null;
        if (needWeights) {
            w = averageAttnWeights ? a.weights().mean(1) : a.weights();
            if (!batched) w = w.squeeze(0);
        }
        return new Attention(out, w);
    }

    /** x (B, L, E) to (B, H, L, D). */
    private static Tensor heads(Tensor x, int b, int h, int d) {
        return x.reshape(b, x.size(1), h, d).transpose(1, 2);
    }

    /** The i-th (q, k, v) projection weight: a third of in_proj_weight, or the separate one. */
    private Tensor weight(int i, Tensor separate) {
        return inProjWeight != null ? inProjWeight.narrow(0, i * embedDim, embedDim) : separate;
    }

    private Tensor bias(int i) {
        return inProjBias == null ? null : inProjBias.narrow(0, i * embedDim, embedDim);
    }

    /** torch's conversion of a boolean attn_mask (nonzero = not allowed) to an additive one: 0 or -inf. */
    public static Tensor additiveMask(IntTensor disallowed) {
        int[] m = disallowed.toArray();
        float[] a = new float[m.length];
        for (int i = 0; i < m.length; i++) a[i] = m[i] != 0 ? Float.NEGATIVE_INFINITY : 0f;
        return Tensor.wrap(a, disallowed.shape());
    }

    /**
     * Additive causal mask (t, s) for t queries that are the last t of s positions: query i sees keys j <= s - t + i.
     * For t = s it is torch's generate_square_subsequent_mask; with a cache, s is the cached length after the call.
     */
    public static Tensor causalMask(int t, int s) {
        if (t < 0 || t > s) throw new IllegalArgumentException("causalMask: need 0 <= t <= s, got t=" + t + ", s=" + s);
        float[] a = new float[t * s];
        for (int i = 0; i < t; i++) for (int j = s - t + i + 1; j < s; j++) a[i * s + j] = Float.NEGATIVE_INFINITY;
        return Tensor.wrap(a, t, s);
    }
}
