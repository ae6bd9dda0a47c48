package dev.nabla.models.gpt;

import dev.nabla.models.TokenSampler;
import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Token choice, streaming and stop strings of {@link Generation} on the tiny PyTorch-made GPT-2. */
class GenerationTest {
    static GPT tiny() throws Exception {
        return GPT.fromPretrained(GPTTest.tiny());
    }

    /** Past the context, each token comes from the last nPositions tokens (as nanoGPT crops), for every row of a batch. */
    @Test
    void slidesPastTheContext() {
        GPT m = new GPT(new GPTConfig(11, 6, 16, 1, 2, 0f, 1e-5f, true), new dev.nabla.tensor.Generator(4));
        int[][] prompts = {{1, 2, 3}, {4, 5}};
        int[][] got = Generation.generate(m, prompts, GenerationConfig.greedy(15), (r, t) -> true);
        for (int r = 0; r < prompts.length; r++) {
            java.util.List<Integer> seq = new java.util.ArrayList<>();
            for (int t : prompts[r]) seq.add(t);
            for (int step = 0; step < 15; step++) {
                int n = Math.min(6, seq.size());
                int[] window = seq.subList(seq.size() - n, seq.size()).stream().mapToInt(Integer::intValue).toArray();
                float[] logits = m.forward(dev.nabla.tensor.IntTensor.wrap(window, 1, n)).contiguous().toArray();
                int best = 0;
                for (int k = 1; k < 11; k++) if (logits[(n - 1) * 11 + k] > logits[(n - 1) * 11 + best]) best = k;
                assertEquals(best, got[r][step], "row " + r + ", step " + step);
                seq.add(best);
            }
        }
    }

    @Test
    void seededSamplingRepeatsAndTopKOneIsGreedy() throws Exception {
        GPT m = tiny();
        int[][] prompt = {{40, 41, 42}};
        GenerationConfig s = GenerationConfig.sampling(20, 1.0, 7);
        int[] a = Generation.generate(m, prompt, s, (r, t) -> true)[0], b = Generation.generate(m, prompt, s, (r, t) -> true)[0];
        assertArrayEquals(a, b, "same seed, same tokens");
        int[] other = Generation.generate(m, prompt, GenerationConfig.sampling(20, 1.0, 8), (r, t) -> true)[0];
        assertFalse(java.util.Arrays.equals(a, other), "another seed draws other tokens");
        int[] greedy = Generation.generate(m, prompt, GenerationConfig.greedy(20), (r, t) -> true)[0];
        assertArrayEquals(greedy, Generation.generate(m, prompt, s.withTopK(1), (r, t) -> true)[0]);
        assertArrayEquals(greedy, Generation.generate(m, prompt, s.withTopP(1e-6), (r, t) -> true)[0]);
    }

    @Test
    void topPKeepsTheSmallestNucleusAsHuggingFace() {
        // probabilities 0.5, 0.3, 0.15, 0.05: top-p 0.7 keeps {0, 1}; 0.85 keeps {0, 1, 2}
        float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)};
        for (double p : new double[] {0.7, 0.85}) {
            int[] counts = new int[4];
            Generator g = new Generator(3);
            for (int i = 0; i < 4000; i++) counts[TokenSampler.pick(logits, 1.0, 0, p, g)]++;
            assertEquals(0, counts[3], "p " + p);
            assertEquals(p == 0.7, counts[2] == 0, "p " + p);
            assertEquals(p == 0.7 ? 0.5 / 0.8 : 0.5 / 0.95, counts[0] / 4000.0, 0.03, "p " + p);
        }
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        float[] l = {2f, -2f, 3f};
        Generation.penalise(l, new boolean[] {true, true, false}, 2.0);
        assertArrayEquals(new float[] {1f, -4f, 3f}, l);
        GPT m;
        try {
            m = tiny();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        int[] strong = Generation.generate(m, new int[][] {{9}}, GenerationConfig.greedy(30).withRepetitionPenalty(1e6), (r, t) -> true)[0];
        assertEquals(30, java.util.Arrays.stream(strong).distinct().count(), "a huge penalty never repeats a token");
    }

    @Test
    void textIsStreamedAndCutBeforeAStopString() throws Exception {
        GPT m = tiny();
        List<String> pieces = new ArrayList<>();
        String all = Generation.generate(m, "the cat", GenerationConfig.sampling(40, 1.0, 1), pieces::add);
        assertEquals(String.join("", pieces), all);
        assertTrue(pieces.size() > 5, "streamed in pieces: " + pieces);
        // stop at a piece of that text, appearing after the first few characters
        String stop = all.substring(6, 8);
        int cut = all.indexOf(stop);
        pieces.clear();
        String stopped = Generation.generate(m, "the cat", GenerationConfig.sampling(40, 1.0, 1).withStop(List.of(stop, "\u0000never")), pieces::add);
        assertEquals(all.substring(0, cut), stopped);
        assertEquals(stopped, String.join("", pieces), "nothing of the stop string was streamed");
    }

    @Test
    void endOfTextEndsARowAndBatchedTextMatchesSingle() throws Exception {
        GPT m = tiny();
        GenerationConfig cfg = GenerationConfig.greedy(15);
        int[] free = Generation.generate(m, new int[][] {{3, 4}}, cfg, (r, t) -> true)[0];
        int[] ended = Generation.generate(m, new int[][] {{3, 4}}, cfg.withEos(free[4]), (r, t) -> true)[0];
        int first = 0;
        while (free[first] != free[4]) first++;
        assertArrayEquals(java.util.Arrays.copyOf(free, first + 1), ended);
        List<String> prompts = List.of("the", "in her there", "!");
        List<String> batch = Generation.generate(m, prompts, cfg, null);
        for (int i = 0; i < prompts.size(); i++) assertEquals(Generation.generate(m, prompts.get(i), cfg, null), batch.get(i));
    }

    @Test
    void streamingWaitsForWholeCharacters() {
        assertEquals(1, Generation.TextStream.complete("a\uFFFD"), "the first bytes of a UTF-8 character, decoded alone");
        assertEquals(3, Generation.TextStream.complete("a\uFFFDb"), "an invalid byte followed by more stays");
        assertEquals(1, Generation.TextStream.complete("a\uD83D"), "the first half of a surrogate pair");
        assertEquals(3, Generation.TextStream.complete("a\uD83D\uDE00"));
        String text = "a€b😀c";
        var bytes = dev.nabla.text.bpe.BpeTrainer.train(text, 256, List.of(), true); // byte tokens: € in three, 😀 in four
        var chars = dev.nabla.models.CharVocab.fromText(text); // 😀 in two (a surrogate pair)
        for (dev.nabla.text.TextTokenizer tok : List.of(bytes, chars)) {
            List<String> pieces = new ArrayList<>();
            var stream = new Generation.TextStream(tok, List.of(), pieces::add);
            for (int t : tok.encode(text)) stream.accept(t);
            assertEquals(text, stream.finish());
            assertEquals(text, String.join("", pieces));
            for (String piece : pieces)
                assertTrue(piece.codePoints().allMatch(c -> c != 0xFFFD && !Character.isSurrogate((char) c)), "pieces " + pieces);
        }
    }

    @Test
    void badSettingsAreRefused() throws Exception {
        GPT m = tiny();
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.greedy(5).withTopP(0));
        assertThrows(IllegalArgumentException.class, () -> GenerationConfig.greedy(5).withRepetitionPenalty(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generation.generate(m, new int[][] {new int[65]}, GenerationConfig.greedy(10), (r, t) -> true));
        assertTrue(e.getMessage().contains("64 positions"), e.getMessage());
    }
}
