package dev.nabla.models.seq2seq;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodingTest {
    private static final NumberTask W2D = new NumberTask(NumberTask.Direction.WORDS_TO_DIGITS);

    private static Seq2SeqTransformer model(NumberTask task, int d, long seed) {
        return new Seq2SeqTransformer(new Seq2SeqTransformer.Config(task.source.size(), task.target.size(), d, 2, 2, 2, 2 * d, 0f,
                NumberTask.MAX_TOKENS + 2), new Generator(seed));
    }

    private static IntTensor source(NumberTask task, long n) {
        List<String> t = task.sourceTokens(n);
        return IntTensor.wrap(task.source.encode(t), 1, t.size());
    }

    /** An untrained model produces long, varied outputs: a harder test of the cache than short correct ones. */
    @Test
    void cachedGreedyEqualsRecomputingThePrefix() {
        Seq2SeqTransformer m = model(W2D, 16, 3);
        long[] numbers = {0, 17, 342_007, 999_999_999, 1_000_000};
        NumberTask.Batch b = W2D.batch(numbers);
        var cached = Decoding.greedy(m, b.src(), b.srcPad(), 12, true);
        var full = Decoding.greedy(m, b.src(), b.srcPad(), 12, false);
        for (int i = 0; i < numbers.length; i++) {
            assertArrayEquals(full.get(i).tokens(), cached.get(i).tokens(), "number " + numbers[i]);
            assertEquals(full.get(i).score(), cached.get(i).score(), 1e-4);
        }
        assertTrue(cached.stream().anyMatch(h -> h.tokens().length > 3), "the untrained model should not stop at once");
    }

    @Test
    void beamOfWidthOneIsGreedy() {
        for (long seed = 0; seed < 3; seed++) {
            Seq2SeqTransformer m = model(W2D, 16, seed);
            for (long n : new long[] {5, 90_017, 123_456_789}) {
                IntTensor src = source(W2D, n);
                var g = Decoding.greedy(m, src, null, 10, true).getFirst();
                var b = Decoding.beam(m, src, null, 1, 0.0, 10);
                assertArrayEquals(g.tokens(), b.tokens(), "seed " + seed + ", number " + n);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Decoding.beam(model(W2D, 16, 0), source(W2D, 1), null, 0, 0.6, 5));
    }

    /** Beam search of width k finds a hypothesis scoring at least as well as greedy's (same length penalty). */
    @Test
    void widerBeamsScoreAtLeastAsWellAsGreedy() {
        Seq2SeqTransformer m = model(W2D, 16, 5);
        for (long n : new long[] {12, 4_000, 77_777_777}) {
            IntTensor src = source(W2D, n);
            var g = Decoding.greedy(m, src, null, 8, true).getFirst();
            var b = Decoding.beam(m, src, null, 4, 0.0, 8);
            if (g.tokens().length < 8) assertTrue(b.score() >= g.score() - 1e-4, "beam " + b.score() + " < greedy " + g.score());
        }
    }

    @Test
    void aTinyTrainedModelDecodesWhatItLearnt() {
        NumberTask task = new NumberTask(NumberTask.Direction.DIGITS_TO_WORDS);
        Seq2SeqTransformer m = model(task, 32, 1);
        Seq2SeqTrainer t = new Seq2SeqTrainer(m, task, 8, 0.5, 50, 0f, new Generator(2));
        long[] numbers = {7, 42, 300, 1_015, 20_000, 615_002, 3_000_019, 90_000_100};
        double loss = 0;
        for (int i = 0; i < 200; i++) loss = t.step(numbers).loss();
        assertTrue(loss < 0.05, "loss " + loss);
        assertEquals(1.0, Seq2SeqTrainer.exactMatch(m, task, numbers, 1, 0.6));
        assertEquals(1.0, Seq2SeqTrainer.exactMatch(m, task, numbers, 3, 0.6));
        IntTensor src = source(task, 615_002);
        assertEquals("six hundred fifteen thousand two", task.targetText(task.target.decode(Decoding.beam(m, src, null, 3, 0.6, 20).tokens())));
    }

    @Test
    void attentionWeightsAreDistributionsAndTheDecoderIsCausal() {
        Seq2SeqTransformer m = model(W2D, 16, 4);
        float[] e = m.srcEmbed.weight.contiguous().toArray();
        double sq = 0;
        for (int i = 0; i < e.length; i++) {
            if (i < 16) assertEquals(0f, e[i], "the padding row is zero");
            sq += e[i] * e[i];
        }
        assertEquals(1.0 / 16, sq / (e.length - 16), 0.3 / 16, "embeddings N(0, 1/d)");
        NumberTask.Batch b = W2D.batch(new long[] {342_007, 5});
        for (var kind : Seq2SeqTransformer.AttentionKind.values()) {
            Tensor w = m.attentionWeights(kind, 1, b.src(), b.srcPad(), b.tgtIn());
            int s = b.src().size(1), t = b.tgtIn().size(1);
            int rows = kind == Seq2SeqTransformer.AttentionKind.ENCODER ? s : t, cols = kind == Seq2SeqTransformer.AttentionKind.DECODER ? t : s;
            assertArrayEquals(new int[] {2, 2, rows, cols}, w.shape(), kind.toString());
            float[] a = w.contiguous().toArray();
            for (int r = 0; r < a.length / cols; r++) {
                double sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += a[r * cols + c];
                    int row = r % rows, batch = r / rows / 2;
                    if (kind == Seq2SeqTransformer.AttentionKind.DECODER && c > row) assertEquals(0f, a[r * cols + c], kind + " row " + row);
                    if (kind != Seq2SeqTransformer.AttentionKind.DECODER && batch == 1 && c >= 1) // "five": one real source token
                        assertEquals(0f, a[r * cols + c], kind + ": padding gets no weight");
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> m.attentionWeights(Seq2SeqTransformer.AttentionKind.CROSS, 2, b.src(), null, b.tgtIn()));
    }
}
