package dev.nabla.models.bert;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;

import java.util.Arrays;

/**
 * BERT's masking for masked-language-model pretraining, drawn afresh for every batch (RoBERTa's dynamic masking, as
 * Hugging Face's DataCollatorForLanguageModeling): each token that is not special is chosen with probability
 * {@code probability} (0.15); a chosen token becomes [MASK] with probability 0.8, a random token of the vocabulary
 * with 0.1, and stays as it is with 0.1. The labels hold the original id at chosen positions and -100 (ignored by
 * the loss) elsewhere.
 */
public final class DynamicMasking {
    public static final int IGNORE = -100;

    private final int vocabSize, maskTokenId;
    private final int[] specialIds;
    private final float probability;
    private final Generator g;

    /** The masked inputs and the labels, both (B, T). */
    public record Batch(IntTensor inputIds, IntTensor labels) {}

    /** specialIds ([CLS], [SEP], [PAD] ...) are never chosen; random replacements come from [0, vocabSize). */
    public DynamicMasking(int vocabSize, int maskTokenId, int[] specialIds, float probability, Generator g) {
        if (maskTokenId < 0 || maskTokenId >= vocabSize)
            throw new IllegalArgumentException("DynamicMasking: [MASK] id " + maskTokenId + " is outside [0, " + vocabSize + ")");
        if (!(probability > 0 && probability <= 1))
            throw new IllegalArgumentException("DynamicMasking: the masking probability must be in (0, 1], got " + probability);
        this.vocabSize = vocabSize;
        this.maskTokenId = maskTokenId;
        this.specialIds = specialIds.clone();
        Arrays.sort(this.specialIds);
        this.probability = probability;
        this.g = g;
    }

    /** BERT's 15%. */
    public DynamicMasking(int vocabSize, int maskTokenId, int[] specialIds, Generator g) {
        this(vocabSize, maskTokenId, specialIds, 0.15f, g);
    }

    /** A fresh masking of inputIds (left unchanged). */
    public Batch apply(IntTensor inputIds) {
        int[] ids = inputIds.toArray(), labels = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            labels[i] = IGNORE;
            if (Arrays.binarySearch(specialIds, ids[i]) >= 0 || g.nextFloat() >= probability) continue;
            labels[i] = ids[i];
            float r = g.nextFloat();
            if (r < 0.8f) ids[i] = maskTokenId;
            else if (r < 0.9f) ids[i] = g.nextInt(vocabSize);
        }
        return new Batch(IntTensor.wrap(ids, inputIds.shape()), IntTensor.wrap(labels, inputIds.shape()));
    }
}
