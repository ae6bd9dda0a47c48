package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RnnLMFileTest {
    @Test
    void roundTripsWeightsVocabularyAndConfig(@TempDir Path dir) throws Exception {
        CharVocab v = CharVocab.fromText("hello world");
        RnnLM m = new RnnLM(new RnnLM.Config(v.size(), 8, 12, 2, RnnLM.Cell.GRU), new Generator(3));
        Path f = dir.resolve("lm.safetensors");
        RnnLMFile.save(f, m, v, 17);
        RnnLMFile.Loaded l = RnnLMFile.load(f);
        assertEquals(v, l.vocab());
        assertEquals(m.config, l.model().config);
        assertEquals(17, l.step());
        IntTensor ids = IntTensor.wrap(v.encode("hello"), 1, 5);
        assertArrayEquals(m.forward(ids, null).logits().contiguous().toArray(), l.model().forward(ids, null).logits().contiguous().toArray());
    }

    /** Training 9 iterations straight, or 4, a save, a load into fresh objects and 5 more: the same losses and weights. */
    @Test
    void resumedTrainingContinuesBitIdentically(@TempDir Path dir) throws Exception {
        CharVocab v = CharVocab.fromText(RnnLMTest.PATTERN);
        int[] ids = v.encode(RnnLMTest.repeat(40)); // 240 ids: 4 streams of 59, 3 batches of 16 per epoch, so resuming mid-epoch carries state
        for (RnnLM.Cell cell : RnnLM.Cell.values()) {
            RnnLM straight = new RnnLM(new RnnLM.Config(v.size(), 8, 12, 2, cell, 0.2f), new Generator(1));
            RnnLMTrainer a = new RnnLMTrainer(straight, ids, 4, 16, 0.01, 1.0);
            double[] expected = new double[9];
            for (int i = 0; i < 9; i++) expected[i] = a.step();

            RnnLM first = new RnnLM(new RnnLM.Config(v.size(), 8, 12, 2, cell, 0.2f), new Generator(1));
            RnnLMTrainer b = new RnnLMTrainer(first, ids, 4, 16, 0.01, 1.0);
            double[] got = new double[9];
            for (int i = 0; i < 4; i++) got[i] = b.step();
            Path f = dir.resolve(cell + ".safetensors");
            RnnLMFile.save(f, first, v, b.iteration(), b, java.util.Map.of("note", "x"));

            RnnLMFile.Loaded l = RnnLMFile.load(f);
            assertEquals("x", l.extra().get("note"));
            RnnLMTrainer c = new RnnLMTrainer(l.model(), ids, 4, 16, 0.01, 1.0);
            RnnLMFile.resume(f, c);
            assertEquals(4, c.iteration());
            for (int i = 4; i < 9; i++) got[i] = c.step();
            assertArrayEquals(expected, got, cell.toString());
            assertArrayEquals(straight.stateDict().get("head.weight").toArray(), l.model().stateDict().get("head.weight").toArray());

            RnnLMTrainer other = new RnnLMTrainer(RnnLMFile.load(f).model(), ids, 2, 16, 0.01, 1.0);
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> RnnLMFile.resume(f, other));
            assertTrue(e.getMessage().contains("batch 4 × 16 steps"), e.getMessage());
        }
    }

    @Test
    void aModelSavedWithoutItsTrainerCannotResume(@TempDir Path dir) throws Exception {
        CharVocab v = CharVocab.fromText(RnnLMTest.PATTERN);
        RnnLM m = new RnnLM(new RnnLM.Config(v.size(), 4, 4, 1, RnnLM.Cell.GRU), new Generator(1));
        Path f = dir.resolve("m.safetensors");
        RnnLMFile.save(f, m, v, 3);
        RnnLMTrainer t = new RnnLMTrainer(m, v.encode(RnnLMTest.repeat(20)), 2, 8, 0.01, 1.0);
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> RnnLMFile.resume(f, t));
        assertTrue(e.getMessage().contains("no training state"), e.getMessage());
    }
}
