package dev.nabla.nn;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

/**
 * A lookup table of numEmbeddings rows of width embeddingDim, N(0, 1) initialised, as torch.nn.Embedding. The row
 * paddingIdx (if any) starts at zero and never receives a gradient.
 */
public class Embedding extends Module {
    public final int numEmbeddings, embeddingDim;
    /** Normalised to [0, numEmbeddings), or null. */
    public final Integer paddingIdx;
    public final Tensor weight;

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, null, Generator.global());
    }

    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, Generator.global());
    }

    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Generator g) {
        this(numEmbeddings, embeddingDim, paddingIdx, null, g);
    }

    private Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Tensor pretrained, Generator g) {
        if (numEmbeddings < 0 || embeddingDim < 0)
            throw new IllegalArgumentException("Embedding: sizes must be >= 0, got numEmbeddings=" + numEmbeddings + ", embeddingDim=" + embeddingDim);
        if (paddingIdx != null && (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings))
            throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " must be within [" + -numEmbeddings + ", " + numEmbeddings + ")");
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        if (pretrained != null) {
            weight = registerParameter("weight", pretrained);
        } else {
            weight = registerParameter("weight", Tensor.zeros(numEmbeddings, embeddingDim));
            Init.normal_(weight, 0f, 1f, g);
            if (this.paddingIdx != null) Init.constant_(weight.select(0, this.paddingIdx), 0f);
        }
    }

    /**
     * An embedding whose table is {@code weights} (num, dim), shared, not copied, as torch's from_pretrained; with
     * {@code freeze} it is not trained. paddingIdx may be null; the given row is left as it is.
     */
    public static Embedding fromPretrained(Tensor weights, boolean freeze, Integer paddingIdx) {
        if (weights.dim() != 2)
            throw new IllegalArgumentException("Embedding.fromPretrained: embeddings must be 2-D (num, dim), got shape "
                    + dev.nabla.tensor.Shape.str(weights.shape()));
        Embedding e = new Embedding(weights.size(0), weights.size(1), paddingIdx, weights.detach(), null);
        e.weight.requiresGrad(!freeze);
        return e;
    }

    public static Embedding fromPretrained(Tensor weights, boolean freeze) {
        return fromPretrained(weights, freeze, null);
    }

    @Override
    public Tensor forward(IntTensor ids) {
        return F.embedding(ids, weight, paddingIdx);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}
