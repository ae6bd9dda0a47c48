package dev.nabla.text;

import dev.nabla.nn.Embedding;
import dev.nabla.tensor.Tensor;

/** Word vectors as the first layer of a network, and back. */
public final class Embeddings {
    private Embeddings() {}

    /**
     * An Embedding layer whose row i is the vector of kv.word(i) (so token ids must follow kv's vocabulary order),
     * torch's Embedding.from_pretrained. With {@code freeze} the table is not trained. The table is a copy:
     * training it leaves {@code kv} as it was.
     */
    public static Embedding fromKeyedVectors(KeyedVectors kv, boolean freeze) {
        return Embedding.fromPretrained(Tensor.of(kv.matrix(), kv.size(), kv.dim()), freeze);
    }

    /** The (trained) table of an Embedding as word vectors, row i for words.get(i). */
    public static KeyedVectors toKeyedVectors(Embedding embedding, java.util.List<String> words) {
        if (words.size() != embedding.numEmbeddings)
            throw new IllegalArgumentException("Embeddings.toKeyedVectors: " + words.size() + " words for " + embedding.numEmbeddings + " rows");
        return new KeyedVectors(words, embedding.embeddingDim, embedding.weight.toArray());
    }
}
