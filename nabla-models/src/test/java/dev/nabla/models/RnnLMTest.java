package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RnnLMTest {
    /** Period 6: after "ab" comes c or d in turn, so the model must remember three characters back. */
    static final String PATTERN = "abcabd";

    static String repeat(int times) {
        return PATTERN.repeat(times);
    }

    static double[] train(RnnLM.Cell cell, RnnLM model, int[] ids, int iterations) {
        RnnLMTrainer t = new RnnLMTrainer(model, ids, 8, 24, 0.01, 5.0);
        double[] losses = new double[iterations];
        for (int i = 0; i < iterations; i++) losses[i] = t.step();
        return losses;
    }

    static RnnLM model(CharVocab v, RnnLM.Cell cell, long seed) {
        return new RnnLM(new RnnLM.Config(v.size(), 16, 32, 1, cell), new Generator(seed));
    }

    /** Unigram cross-entropy of the validation text under the training text's character frequencies. */
    static double unigram(int[] train, int[] valid, int vocab) {
        double[] p = new double[vocab];
        for (int id : train) p[id]++;
        double sum = 0;
        for (int i = 1; i < valid.length; i++) sum -= Math.log(p[valid[i]] / train.length);
        return sum / (valid.length - 1);
    }

    @Test
    void shapesAndCarriedState() {
        RnnLM m = model(CharVocab.fromText("abcd"), RnnLM.Cell.LSTM, 1);
        RnnLM.Output o = m.forward(IntTensor.of(new int[][] {{0, 1, 2}, {3, 2, 1}}), null);
        assertArrayEquals(new int[] {2, 3, 4}, o.logits().shape());
        assertArrayEquals(new int[] {1, 2, 32}, o.state().h().shape());
        assertArrayEquals(new int[] {1, 2, 32}, o.state().c().shape());
        // running the sequence in two pieces with the state carried gives the same logits as in one piece
        RnnLM.Output a = m.forward(IntTensor.of(new int[][] {{0, 1}, {3, 2}}), null);
        RnnLM.Output b = m.forward(IntTensor.of(new int[][] {{2}, {1}}), a.state());
        float[] whole = o.logits().contiguous().toArray(), last = b.logits().contiguous().toArray();
        for (int r = 0; r < 2; r++)
            for (int k = 0; k < 4; k++) assertEquals(whole[(r * 3 + 2) * 4 + k], last[r * 4 + k], 1e-5f);
        RnnLM g = model(CharVocab.fromText("abcd"), RnnLM.Cell.GRU, 1);
        assertNull(g.forward(IntTensor.of(new int[][] {{0, 1}}), null).state().c());
    }

    @Test
    void learnsPeriodicTextFarBelowUnigramAndSamplesIt() {
        CharVocab v = CharVocab.fromText(PATTERN);
        int[] trainIds = v.encode(repeat(200)), validIds = v.encode(repeat(20));
        RnnLM m = model(v, RnnLM.Cell.LSTM, 42);
        double before = RnnLMTrainer.evaluate(m, validIds, 50);
        double[] losses = train(RnnLM.Cell.LSTM, m, trainIds, 120);
        double after = RnnLMTrainer.evaluate(m, validIds, 50), uni = unigram(trainIds, validIds, v.size());
        assertTrue(uni > 1.2 && uni < Math.log(v.size()), "unigram " + uni);
        assertTrue(after < 0.15, "validation loss " + after + " (before " + before + ", unigram " + uni + ", last train " + losses[losses.length - 1] + ")");
        assertTrue(Math.exp(after) < 1.2, "perplexity " + Math.exp(after));
        String s = TokenSampler.sample(m, v, "abcab", 25, 0, 0, new Generator(7));
        assertEquals(repeat(6).substring(0, 30), s);
        // top-1 sampling at any temperature is the same greedy continuation
        assertEquals(s, TokenSampler.sample(m, v, "abcab", 25, 1.0, 1, new Generator(8)));
    }

    @Test
    void sameSeedSameLosses() {
        CharVocab v = CharVocab.fromText(PATTERN);
        int[] ids = v.encode(repeat(100));
        double[] a = train(RnnLM.Cell.GRU, model(v, RnnLM.Cell.GRU, 5), ids, 6);
        double[] b = train(RnnLM.Cell.GRU, model(v, RnnLM.Cell.GRU, 5), ids, 6);
        double[] c = train(RnnLM.Cell.GRU, model(v, RnnLM.Cell.GRU, 6), ids, 6);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void samplingIsSeededAndRespectsTopK() {
        float[] logits = {0f, 1f, 2f, 0.5f};
        for (int i = 0; i < 200; i++) {
            int k = TokenSampler.pick(logits, 1.0, 2, new Generator(i));
            assertTrue(k == 1 || k == 2, "top-2 drew " + k);
        }
        int[] counts = new int[4];
        Generator g = new Generator(3);
        for (int i = 0; i < 4000; i++) counts[TokenSampler.pick(logits, 1.0, 0, g)]++;
        double z = 1 + Math.E + Math.exp(2) + Math.exp(0.5);
        assertEquals(Math.exp(2) / z, counts[2] / 4000.0, 0.03);
        assertEquals(1 / z, counts[0] / 4000.0, 0.03);
        assertEquals(TokenSampler.pick(logits, 1.0, 0, new Generator(9)), TokenSampler.pick(logits, 1.0, 0, new Generator(9)));
    }

    @Test
    void tooShortTextIsAClearError() {
        CharVocab v = CharVocab.fromText("ab");
        var e = assertThrows(IllegalArgumentException.class,
                () -> new RnnLMTrainer(model(v, RnnLM.Cell.LSTM, 1), v.encode("abab"), 2, 4, 0.01, 1));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }
}
