package dev.nabla.models.bert;

import dev.nabla.nn.F;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Sentence vectors from the documents' structure, as DeCLUTR (Giorgi et al., 2021) with SimCSE's temperature: in a
 * batch of pairs of sentences, rows 2i and 2i+1 from one document, each sentence's mean-pooled vector should be
 * closer (in cosine) to its partner's than to every other sentence's in the batch — InfoNCE, a cross-entropy over the
 * batch. It needs no labels, only what next-sentence prediction also reads (which sentences share a document), and it
 * aims at what a task over the topic of single sentences needs. On the JDK's Javadoc it levels off with about a quarter
 * of the sentences nearest their partner (13% from the masked LM alone), and fine-tuning gained little from it
 * (docs/performance.md).
 */
final class DocumentContrast {
    private DocumentContrast() {}

    /** SimCSE's: sharp enough that the loss keeps pushing once partners are merely the nearest. */
    static final float TEMPERATURE = 0.05f;

    /** The mean InfoNCE loss over pooled (B, H), B even, partners in rows 2i and 2i+1. */
    static Tensor loss(Tensor pooled) {
        return F.crossEntropy(similarities(pooled), partners(pooled.size(0)));
    }

    /** Rows of pooled (B, H) whose most similar other row is their partner. */
    static int partnersFound(Tensor pooled) {
        int[] best = similarities(pooled).argmax(1, false).toArray(), partner = partners(pooled.size(0)).storage();
        int found = 0;
        for (int i = 0; i < best.length; i++) if (best[i] == partner[i]) found++;
        return found;
    }

    /** Cosine similarities / T of the rows of pooled (B, H): (B, B), the diagonal pushed out of reach of the softmax. */
    private static Tensor similarities(Tensor pooled) {
        if (pooled.dim() != 2 || pooled.size(0) < 2 || pooled.size(0) % 2 != 0)
            throw new IllegalArgumentException("DocumentContrast: need pooled vectors (B, H) of an even B >= 2 (pairs in rows 2i, 2i+1), got "
                    + Shape.str(pooled.shape()));
        int b = pooled.size(0);
        Tensor z = pooled.div(pooled.mul(pooled).sum(1, true).sqrt().clamp(1e-6f, Float.MAX_VALUE));
        int[] eye = new int[b * b];
        for (int i = 0; i < b; i++) eye[i * b + i] = 1;
        return z.matmul(z.transpose(0, 1)).div(TEMPERATURE).maskedFill(IntTensor.wrap(eye, b, b), -1e9f);
    }

    private static IntTensor partners(int b) {
        int[] p = new int[b];
        for (int i = 0; i < b; i++) p[i] = i ^ 1;
        return IntTensor.wrap(p, b);
    }
}
