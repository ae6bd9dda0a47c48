package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.tensor.Generator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nanoGPT-style trainer on any ids → logits model (here the small recurrent one). */
class CausalLMTrainerTest {
    private static final CharVocab V = CharVocab.fromText(RnnLMTest.PATTERN);
    private static final int[] IDS = V.encode(RnnLMTest.repeat(50));
    private static final CausalLMTrainer.Config CONFIG = new CausalLMTrainer.Config(4, 12, 2, 2e-2, 2e-3, 3, 40, 0.1, 0.9, 0.99, 1.0, 7);

    private static RnnLM model() {
        return new RnnLM(new RnnLM.Config(V.size(), 8, 16, 1, RnnLM.Cell.GRU), new Generator(1));
    }

    @Test
    void learnsAndFollowsTheSchedule() {
        CausalLMTrainer t = new CausalLMTrainer(model(), IDS, CONFIG);
        assertEquals(0, t.lr()); // warmup from zero
        double before = t.estimateLoss(IDS, 4, 1);
        for (int i = 0; i < 40; i++) t.step();
        double after = t.estimateLoss(IDS, 4, 1);
        assertTrue(after < 0.5 * before, "loss " + before + " → " + after);
        assertEquals(2e-3, t.lr(), 1e-12); // decayed to minLr at maxIters
        assertEquals(after, t.estimateLoss(IDS, 4, 1)); // evaluation draws from its own generator
    }

    @Test
    void resumedRunIsBitIdentical(@TempDir Path dir) throws Exception {
        CausalLMTrainer straight = new CausalLMTrainer(model(), IDS, CONFIG);
        double[] want = new double[10];
        for (int i = 0; i < 10; i++) want[i] = straight.step();

        CausalLMTrainer first = new CausalLMTrainer(model(), IDS, CONFIG);
        double[] got = new double[10];
        for (int i = 0; i < 4; i++) got[i] = first.step();
        Path f = dir.resolve("ck.safetensors");
        first.save(f, Map.of("note", "n"));
        RnnLM fresh = new RnnLM(new RnnLM.Config(V.size(), 8, 16, 1, RnnLM.Cell.GRU), new Generator(99));
        CausalLMTrainer second = new CausalLMTrainer(fresh, IDS, CONFIG);
        assertEquals("n", second.resume(f).get("note"));
        assertEquals(4, second.iteration());
        for (int i = 4; i < 10; i++) got[i] = second.step();
        assertArrayEquals(want, got);
    }

    @Test
    void tooShortTextIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CausalLMTrainer(model(), new int[12], CONFIG));
        assertTrue(e.getMessage().contains("block of 12"), e.getMessage());
    }
}
