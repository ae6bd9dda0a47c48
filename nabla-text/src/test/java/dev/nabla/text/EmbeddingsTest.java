package dev.nabla.text;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.nn.Embedding;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {
    @Test
    void anEmbeddingLookupIsOneHotTimesTheWeightMatrix() {
        var emb = new Embedding(7, 3, null, new Generator(5));
        IntTensor ids = IntTensor.of(4, 0, 4, 6);
        Tensor lookup = emb.forward(ids);
        Tensor product = OneHot.encode(ids, 7).matmul(emb.weight); // (4, 7) @ (7, 3)
        assertArrayEquals(new int[] {4, 3}, product.shape());
        assertArrayEquals(lookup.toArray(), product.toArray(), 0f); // 1·w + 0·(others), exactly
        // one word: the sparse form picks the row without multiplying
        assertArrayEquals(new OneHot(6, 7).toTensor().matmul(emb.weight).toArray(), new OneHot(6, 7).matmul(emb.weight).toArray(), 0f);
        // and the gradients agree: each used row receives the sum of its upstream rows
        Tensor g = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4, 3);
        emb.forward(ids).mul(g).sum().backward();
        float[] viaLookup = emb.weight.grad().toArray();
        emb.weight.zeroGrad();
        OneHot.encode(ids, 7).matmul(emb.weight).mul(g).sum().backward();
        assertArrayEquals(viaLookup, emb.weight.grad().toArray(), 0f);
    }

    @Test
    void oneHotVectors() {
        assertArrayEquals(new float[] {0, 0, 1, 0}, new OneHot(2, 4).toTensor().toArray());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> new OneHot(4, 4));
        assertTrue(e.getMessage().contains("index 4 is outside a vocabulary of 4 words"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> OneHot.encode(IntTensor.of(0, -1), 3));
        var m = new OneHot(1, 3);
        assertThrows(IllegalArgumentException.class, () -> m.matmul(Tensor.zeros(4, 2)));
    }

    @Test
    void anEmbeddingFromKeyedVectorsLooksUpTheirRowsFrozenOrNot() {
        var kv = new KeyedVectors(List.of("a", "b", "c"), 2, new float[] {1, 2, 3, 4, 5, 6});
        Embedding frozen = Embeddings.fromKeyedVectors(kv, true);
        assertFalse(frozen.weight.requiresGrad());
        assertArrayEquals(new float[] {5, 6, 1, 2}, frozen.forward(IntTensor.of(kv.indexOf("c"), kv.indexOf("a"))).toArray());
        Embedding trainable = Embeddings.fromKeyedVectors(kv, false);
        assertTrue(trainable.weight.requiresGrad());
        trainable.forward(IntTensor.of(1)).sum().backward();
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, trainable.weight.grad().toArray());
        // training changes the layer's copy, never the vectors
        trainable.weight.storage()[0] = 100;
        assertEquals(1f, kv.matrix()[0]);
        assertEquals(100f, Embeddings.toKeyedVectors(trainable, kv.words()).vector("a")[0]);
    }
}
