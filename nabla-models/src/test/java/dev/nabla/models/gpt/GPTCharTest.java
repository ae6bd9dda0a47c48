package dev.nabla.models.gpt;

import dev.nabla.models.CausalLMTrainer;
import dev.nabla.models.CharVocab;
import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A GPT over characters: trained a few steps, saved with char_vocab.json, loaded back, generating the same text. */
class GPTCharTest {
    @TempDir
    Path tmp;

    static final String TEXT = "to be or not to be 😀, that is the question\n".repeat(40);

    @Test
    void aCharacterModelTrainsSavesLoadsAndGenerates() throws Exception {
        CharVocab chars = CharVocab.fromText(TEXT);
        GPT m = new GPT(new GPTConfig(chars.size(), 16, 16, 1, 2, 0f, 1e-5f, true), new Generator(1)).tokenizer(chars);
        var trainer = new CausalLMTrainer(m, chars.encode(TEXT), new CausalLMTrainer.Config(4, 16, 1, 1e-2, 1e-3, 2, 20, 0.1, 0.9, 0.99, 1.0, 2));
        double first = trainer.step(), last = first;
        while (trainer.iteration() < 20) last = trainer.step();
        assertTrue(last < first - 0.5, "loss " + first + " -> " + last);

        Path dir = tmp.resolve("chars");
        m.save(dir);
        assertTrue(Files.isRegularFile(dir.resolve("char_vocab.json")));
        assertFalse(Files.exists(dir.resolve("vocab.json")));
        assertTrue(Files.readString(dir.resolve("char_vocab.json")).contains("\\ud83d"), "the emoji's halves as JSON escapes");
        GPT back = GPT.fromPretrained(dir);
        assertEquals(chars, back.tokenizer());
        GenerationConfig cfg = GenerationConfig.sampling(40, 0.8, 3);
        String text = Generation.generate(m, "to be", cfg, null);
        assertEquals(40, text.length());
        assertEquals(text, Generation.generate(back, "to be", cfg, null));
        var e = assertThrows(IllegalArgumentException.class, () -> Generation.generate(back, "to bee?", cfg, null));
        assertTrue(e.getMessage().contains("U+003F"), e.getMessage());
    }

    @Test
    void tokenizerFilesAreCheckedAndReplacedOnSave() throws Exception {
        Path dir = tmp.resolve("m");
        GPT bpe = GPT.fromPretrained(GPTTest.tiny());
        bpe.save(dir);
        CharVocab chars = CharVocab.fromText("abc");
        new GPT(bpe.config, new Generator(0)).tokenizer(chars).save(dir);
        assertFalse(Files.exists(dir.resolve("vocab.json")) || Files.exists(dir.resolve("merges.txt")), "the BPE files of the earlier model are gone");
        assertEquals(chars, GPT.fromPretrained(dir).tokenizer());
        bpe.save(dir);
        assertFalse(Files.exists(dir.resolve("char_vocab.json")));

        Files.writeString(dir.resolve("char_vocab.json"), "{\"kind\": \"characters\", \"chars\": \"ba\"}");
        assertTrue(message(dir).contains("holds both"), message(dir));
        Files.delete(dir.resolve("vocab.json"));
        Files.move(dir.resolve("char_vocab.json"), tmp.resolve("aside.json"));
        assertTrue(message(dir).contains("merges.txt without vocab.json"), message(dir));
        Files.delete(dir.resolve("merges.txt"));
        Files.move(tmp.resolve("aside.json"), dir.resolve("char_vocab.json"));
        assertTrue(message(dir).contains("char_vocab.json: CharVocab: characters must be distinct and sorted"), message(dir));
        Files.writeString(dir.resolve("char_vocab.json"), "[1, 2]");
        assertTrue(message(dir).contains("char_vocab.json: expected {\"kind\": \"characters\""), message(dir));
        StringBuilder many = new StringBuilder();
        for (char c = 'A'; many.length() < bpe.config.vocabSize() + 1; c++) many.append(c);
        Files.writeString(dir.resolve("char_vocab.json"), dev.nabla.io.Json.write(java.util.Map.of("kind", "characters", "chars", many.toString()), 0));
        assertTrue(message(dir).contains("the tokenizer has 103 tokens, the model only 102"), message(dir));
    }

    private static String message(Path dir) {
        return assertThrows(IOException.class, () -> GPT.fromPretrained(dir)).getMessage();
    }
}
