package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.*;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharLMFileTest {
    @Test
    void roundTripsWeightsVocabularyAndConfig(@TempDir Path dir) throws Exception {
        CharVocab v = CharVocab.fromText("hello world");
        CharLM m = new CharLM(new CharLM.Config(v.size(), 8, 12, 2, CharLM.Cell.GRU), new Generator(3));
        Path f = dir.resolve("lm.safetensors");
        CharLMFile.save(f, m, v, 17);
        CharLMFile.Loaded l = CharLMFile.load(f);
        assertEquals(v, l.vocab());
        assertEquals(m.config, l.model().config);
        assertEquals(17, l.step());
        IntTensor ids = IntTensor.wrap(v.encode("hello"), 1, 5);
        assertArrayEquals(m.forward(ids, null).logits().contiguous().toArray(), l.model().forward(ids, null).logits().contiguous().toArray());
    }
}
