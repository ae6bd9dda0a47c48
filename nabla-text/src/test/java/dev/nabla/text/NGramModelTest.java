package dev.nabla.text;

import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class NGramModelTest {
    private static final int A = 0, B = 1, C = 2;
    private static final int[] ABABC = {A, B, A, B, C};

    /** Sentences of a small grammar: strongly predictable word order. */
    private static int[] grammar(Generator random, int sentences) {
        int[][] subjects = {{0}, {1, 2}, {3}}, verbs = {{4}, {5, 6}}, objects = {{7, 8}, {9}, {10, 11}};
        int[] out = new int[sentences * 6];
        int n = 0;
        for (int s = 0; s < sentences; s++) {
            for (int[][] part : new int[][][] {subjects, verbs, objects})
                for (int t : part[random.nextInt(part.length)]) out[n++] = t;
            out[n++] = 12;   // end of sentence
        }
        return Arrays.copyOf(out, n);
    }

    @Test
    void bigramProbabilitiesMatchHandComputedKneserNey() {
        NGramModel m = NGramModel.train(List.of(ABABC), 3, 2, 0.5, 0.5, 0.5);
        // continuation counts of a, b, c are 1 each (distinct bigrams ab, ba, bc): total 3, freed 3 × 0.5
        double p1 = (0.5 + 1.5 / 4) / 3;
        assertEquals(p1, m.probability(new int[0], A), 1e-15);
        assertEquals(1.5 / 4 / 3, m.probability(new int[0], m.unknown()), 1e-15);
        assertEquals((2 - 0.5 + 0.5 * p1) / 2, m.probability(new int[] {A}, B), 1e-15);   // c(ab) = 2
        assertEquals(0.5 * p1 / 2, m.probability(new int[] {A}, C), 1e-15);
        assertEquals((0.5 + 1.0 * p1) / 2, m.probability(new int[] {B}, A), 1e-15);       // ba, bc once each
        assertEquals(p1, m.probability(new int[] {C}, A), 1e-15);                          // c never a context
    }

    @Test
    void trigramUsesContinuationCountsBelowTheTopOrder() {
        NGramModel m = NGramModel.train(List.of(ABABC), 3, 3, 0.5, 0.5, 0.5);
        assertEquals(3, m.distinct(3));   // aba, bab, abc
        double p1 = (0.5 + 1.5 / 4) / 3;
        double p2cb = (0.5 + 1.0 * p1) / 2;        // ab, ba, bc each have one left neighbour: c2 = 1, not raw 2
        double p2ba = (1 - 0.5 + 0.5 * p1) / 1;    // context a at order 2: only ab
        assertEquals(p2ba, m.probability(new int[] {C, A}, B), 1e-15);             // ca never seen: order 2
        assertEquals((0.5 + 1.0 * p2cb) / 2, m.probability(new int[] {A, B}, C), 1e-15);   // aba, abc once each
        assertEquals((0.5 + 0.5 * p2ba) / 1, m.probability(new int[] {B, A}, B), 1e-15);   // bab once
        assertEquals(0.5 * (0.5 * p1), m.probability(new int[] {B, A}, A), 1e-15);          // all backed off
    }

    @Test
    void discountsFollowChenAndGoodman() {
        double[] d = NGramModel.discountsFrom(10, 5, 3, 2);   // Y = 10 / 20
        assertArrayEquals(new double[] {1 - 2 * 0.5 * 5 / 10.0, 2 - 3 * 0.5 * 3 / 5.0, 3 - 4 * 0.5 * 2 / 3.0}, d, 1e-15);
        assertNull(NGramModel.discountsFrom(10, 5, 0, 2));
        assertEquals(3.0, NGramModel.discountsFrom(10, 5, 3, 0)[2], "no 4s: D3+ = 3, which lmplz accepts");
        assertNull(NGramModel.discountsFrom(10, 5, 100, 2), "D2 < 0");
        NGramModel tiny = NGramModel.train(ABABC, 3, 2);
        assertEquals(0.5, tiny.discount(2, 1));
        assertEquals(1.0, tiny.discount(2, 2));
        assertEquals(1.5, tiny.discount(2, 7));
    }

    @Test
    void everyDistributionSumsToOne() {
        Generator random = new Generator(7);
        int[] tokens = new int[3000];
        for (int i = 0; i < tokens.length; i++) tokens[i] = random.nextInt(4) == 0 ? random.nextInt(20) : i % 7;
        tokens[5] = 99;   // outside the vocabulary: counted as unknown
        for (int order = 1; order <= 5; order++) {
            NGramModel m = NGramModel.train(tokens, 20, order);
            int[][] contexts = {{}, {3}, {0, 1}, {1, 2, 3, 4}, {19, 19, 19, 19}, {-1, 50, 2}, {4, 5, 6, 0, 1, 2}};
            for (int[] context : contexts) {
                double[] p = m.distribution(context);
                assertEquals(21, p.length);
                double sum = 0;
                for (int w = 0; w < p.length; w++) {
                    assertTrue(p[w] > 0, "every id keeps some mass");
                    assertEquals(p[w], m.probability(context, w), 1e-15);
                    sum += p[w];
                }
                assertEquals(1.0, sum, 1e-12, "order " + order + " context " + Arrays.toString(context));
            }
        }
    }

    @Test
    void unknownTokensShareOneId() {
        NGramModel m = NGramModel.train(new int[] {0, 1, 2, 7, 0, 1, 2}, 3, 2);
        assertEquals(3, m.unknown());
        assertEquals(m.probability(new int[] {2}, 3), m.probability(new int[] {2}, 42));
        assertEquals(m.probability(new int[] {-5}, 0), m.probability(new int[] {3}, 0));
        assertTrue(m.probability(new int[] {2}, 3) > m.probability(new int[] {1}, 3),
                "2 was followed by an unknown token in training");
    }

    @Test
    void wordsOutsideAVocabularyAreTrainedAndScoredAsTheUnknownToken() {
        String[] text = "the cat sat on the mat the dog sat on the rug the cat ate".split(" ");
        Vocabulary.Counter counter = new Vocabulary.Counter();
        for (String w : text) counter.add(w);
        Vocabulary vocabulary = counter.vocabulary(2, Integer.MAX_VALUE);   // the, cat, sat, on
        int[] ids = Arrays.stream(text).mapToInt(vocabulary::id).toArray();
        NGramModel m = NGramModel.train(ids, vocabulary.size(), 3);
        int[] theCat = {vocabulary.id("the"), vocabulary.id("cat")};
        assertEquals(m.probability(new int[] {vocabulary.id("on"), vocabulary.id("the")}, vocabulary.id("zebra")),
                m.probability(new int[] {vocabulary.id("on"), vocabulary.id("the")}, m.unknown()));
        assertTrue(m.probability(new int[] {vocabulary.id("on"), vocabulary.id("the")}, m.unknown())
                > m.probability(new int[] {vocabulary.id("on"), vocabulary.id("the")}, vocabulary.id("cat")),
                "on the mat, on the rug: rare words, the same unknown id");
        assertTrue(m.probability(theCat, vocabulary.id("sat")) > m.probability(theCat, vocabulary.id("on")));
    }

    @Test
    void heldOutTextLikeTheTrainingTextIsLessPerplexingThanShuffledText() {
        Generator random = new Generator(11);
        NGramModel m = NGramModel.train(grammar(random, 2000), 13, 3);
        int[] heldOut = grammar(random, 200);
        int[] shuffled = heldOut.clone();
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1), t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        double like = m.perplexity(heldOut), unlike = m.perplexity(shuffled);
        assertTrue(like < 2.5, "grammar text perplexity " + like);
        assertTrue(unlike > 3 * like, "shuffled " + unlike + " vs " + like);
        assertEquals(-Math.log(like) * heldOut.length, m.logProbability(heldOut), 1e-9);
    }

    @Test
    void samplingIsDeterministicForASeedAndHonoursTemperatureAndTopK() {
        Generator data = new Generator(3);
        NGramModel m = NGramModel.train(grammar(data, 500), 13, 3);
        int[] first = draw(m, new Generator(42), 1.0, 0), second = draw(m, new Generator(42), 1.0, 0);
        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(first, draw(m, new Generator(43), 1.0, 0)));

        int[] context = {12, 0};   // after "subject 0" comes a verb: 4 or 5
        double[] p = m.distribution(context);
        int best = 0;
        for (int w = 1; w < 13; w++) if (p[w] > p[best]) best = w;
        assertEquals(best, m.sample(context, 0, 0, new Generator(1)));
        Set<Integer> seen = new HashSet<>();
        Generator random = new Generator(5);
        for (int i = 0; i < 300; i++) seen.add(m.sample(context, 1.0, 2, random));
        assertEquals(Set.of(4, 5), seen);
        for (int i = 0; i < 300; i++) assertNotEquals(m.unknown(), m.sample(new int[] {99}, 5.0, 0, random));
        for (int i = 0; i < 50; i++) assertEquals(best, m.sample(context, 3.0, 1, random));
    }

    @Test
    void samplesAtTemperatureOneFollowTheDistribution() {
        NGramModel m = NGramModel.train(grammar(new Generator(3), 500), 13, 2);
        int[] context = {4};
        double[] p = m.distribution(context);
        double known = 1 - p[m.unknown()];   // the unknown token is never drawn
        int draws = 40_000;
        int[] seen = new int[13];
        Generator random = new Generator(8);
        for (int i = 0; i < draws; i++) seen[m.sample(context, 1.0, 0, random)]++;
        for (int w = 0; w < 13; w++) {
            double q = p[w] / known;
            assertEquals(q, seen[w] / (double) draws, 5 * Math.sqrt(q * (1 - q) / draws) + 1e-4, "token " + w);
        }
    }

    private static int[] draw(NGramModel m, Generator random, double temperature, int topK) {
        int[] out = new int[60];
        for (int i = 0; i < out.length; i++)
            out[i] = m.sample(Arrays.copyOfRange(out, Math.max(0, i - 2), i), temperature, topK, random);
        return out;
    }

    @Test
    void rejectsWhatCannotBePackedOrMeant() {
        assertThrows(IllegalArgumentException.class, () -> NGramModel.train(ABABC, 1 << 20, 4));
        assertThrows(IllegalArgumentException.class, () -> NGramModel.train(ABABC, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> NGramModel.train(List.of(ABABC), 3, 2, 1.5, 1, 1));
    }
}
