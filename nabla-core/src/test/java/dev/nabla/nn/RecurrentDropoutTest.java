package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dropout between stacked recurrent layers, as torch.nn.LSTM(dropout=p): on the outputs of every layer but the last, in training only. */
class RecurrentDropoutTest {
    private static final Tensor X = Tensor.randn(new Generator(7), 5, 3, 4); // (T, B, input)

    @Test
    void dropoutOneFeedsZerosToTheNextLayer() {
        LSTM two = new LSTM(4, 6, 2, true, false, 1f, false, new Generator(1));
        LSTM second = new LSTM(6, 6, 1, true, false, 0f, false, new Generator(2));
        Map<String, Tensor> s = two.stateDict();
        second.loadStateDict(Map.of("weight_ih_l0", s.get("weight_ih_l1"), "weight_hh_l0", s.get("weight_hh_l1"),
                "bias_ih_l0", s.get("bias_ih_l1"), "bias_hh_l0", s.get("bias_hh_l1")), true);
        two.train();
        Tensor expected = second.forward(Tensor.zeros(5, 3, 6), null, null).output();
        assertArrayEquals(expected.contiguous().toArray(), two.forward(X, null, null).output().contiguous().toArray(), 1e-6f);
    }

    @Test
    void onlyInTrainingAndNeverAfterTheLastLayer() {
        GRU withDropout = new GRU(4, 6, 2, true, false, 0.5f, false, new Generator(3));
        GRU without = new GRU(4, 6, 2, true, false, 0f, false, new Generator(4));
        without.loadStateDict(withDropout.stateDict(), true);
        withDropout.eval();
        assertArrayEquals(without.forward(X, (Tensor) null).output().contiguous().toArray(), withDropout.forward(X, (Tensor) null).output().contiguous().toArray());
        withDropout.train();
        assertFalse(java.util.Arrays.equals(without.forward(X, (Tensor) null).output().contiguous().toArray(),
                withDropout.forward(X, (Tensor) null).output().contiguous().toArray()));

        GRU single = new GRU(4, 6, 1, true, false, 0.5f, false, new Generator(5)); // one layer: nothing to drop between
        GRU plain = new GRU(4, 6, 1, true, false, 0f, false, new Generator(6));
        plain.loadStateDict(single.stateDict(), true);
        single.train();
        assertArrayEquals(plain.forward(X, (Tensor) null).output().contiguous().toArray(), single.forward(X, (Tensor) null).output().contiguous().toArray());
    }
}
