package dev.nabla.text;

import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class FastTextTest {
    @TempDir
    Path dir;

    /** Word families: each shares a stem, and its words share the contexts of one topic. */
    private static final String[][] FAMILIES = {
            {"run", "runs", "runner", "running"}, {"swim", "swims", "swimmer", "swimming"},
            {"jump", "jumps", "jumper", "jumping"}, {"read", "reads", "reader", "reading"},
            {"cook", "cooks", "cooker", "cooking"}, {"paint", "paints", "painter", "painting"},
            {"sing", "sings", "singer", "singing"}, {"walk", "walks", "walker", "walking"}};

    /** Sentences of 10 words about one family: its words, topic words (ctxF_k) and a few topic-free fillers. */
    private Corpus families(long seed, int sentences) throws IOException {
        Generator g = new Generator(seed);
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            int f = g.nextInt(FAMILIES.length);
            for (int i = 0; i < 10; i++) {
                if (i > 0) b.append(' ');
                int r = g.nextInt(10);
                if (r < 5) b.append(FAMILIES[f][g.nextInt(4)]);
                else if (r < 8) b.append("ctx").append((char) ('a' + f)).append("x").append((char) ('a' + g.nextInt(4)));
                else b.append("the").append((char) ('a' + g.nextInt(3)));
            }
            b.append('\n');
        }
        Path file = dir.resolve("families-" + seed + ".txt");
        Files.writeString(file, b);
        return Corpus.file(file, Tokenizer.english());
    }

    private static FastTextConfig.Builder small() {
        return FastTextConfig.builder().dim(32).window(3).negative(5).minCount(2).sample(0).epochs(5).buckets(20_000)
                .tableSize(100_000).threads(1).seed(7).progress(false);
    }

    /** Cosine similarities of {@code v} with every vocabulary word, by word. */
    private static Map<String, Float> similarities(KeyedVectors kv, float[] v) {
        return kv.mostSimilar(v, kv.size()).stream().collect(Collectors.toMap(KeyedVectors.Match::word, KeyedVectors.Match::score));
    }

    @ParameterizedTest
    @EnumSource(Word2VecConfig.Architecture.class)
    void misspelledAndUnseenWordsLandNearTheirFamily(Word2VecConfig.Architecture architecture) throws IOException {
        FastTextModel model = FastText.train(families(1, 3000), small().architecture(architecture).build());
        KeyedVectors kv = model.keyedVectors();
        for (String unseen : List.of("runnning", "runners", "swimmming", "paintter", "singinng")) {
            assertFalse(kv.contains(unseen), unseen + " must be out of the vocabulary");
            String nearest = kv.mostSimilar(model.vector(unseen), 1).getFirst().word();
            assertTrue(nearest.startsWith(unseen.substring(0, 3)), architecture + ": nearest to " + unseen + " is " + nearest);
        }
        Map<String, Float> typo = similarities(kv, model.vector("runnning"));
        for (String other : List.of("swimming", "jumping", "reading", "cooking", "painting", "singing", "walking"))
            assertTrue(typo.get("running") > typo.get(other) + 0.1,
                    architecture + ": runnning·running " + typo.get("running") + " vs runnning·" + other + " " + typo.get(other));
        // In-vocabulary words are learnt from their contexts too: of the family words, the nearest is in the same family.
        List<String> familyWords = Arrays.stream(FAMILIES).flatMap(Arrays::stream).toList();
        int inFamily = 0;
        for (String[] family : FAMILIES)
            for (String w : family) {
                String nearest = kv.mostSimilar(w, kv.size()).stream().map(KeyedVectors.Match::word)
                        .filter(familyWords::contains).findFirst().orElseThrow();
                if (Arrays.asList(family).contains(nearest)) inFamily++;
            }
        assertTrue(inFamily >= familyWords.size() - 2, architecture + ": " + inFamily + " of " + familyWords.size() + " nearest words in family");
    }

    @Test
    void deterministicWithOneThreadAndASeed() throws IOException {
        Corpus corpus = families(2, 600);
        FastTextConfig config = small().epochs(2).build();
        FastTextModel a = FastText.train(corpus, config), b = FastText.train(corpus, config);
        assertArrayEquals(a.input(), b.input());
        assertArrayEquals(a.keyedVectors().matrix(), b.keyedVectors().matrix());
        FastTextModel c = FastText.train(corpus, config.toBuilder().seed(8).build());
        assertFalse(Arrays.equals(a.input(), c.input()), "another seed gives other vectors");
        FastTextModel cbow1 = FastText.train(corpus, config.toBuilder().cbow().build());
        FastTextModel cbow2 = FastText.train(corpus, config.toBuilder().cbow().build());
        assertArrayEquals(cbow1.input(), cbow2.input());
    }

    @Test
    void twoThreadsTrainFiniteVectors() throws IOException {
        FastTextModel m = FastText.train(families(3, 600), small().threads(2).epochs(2).build());
        for (float x : m.input()) assertTrue(Float.isFinite(x));
    }

    @Test
    void aWordVectorIsTheMeanOfItsOwnRowAndItsNgramRows() throws IOException {
        FastTextModel m = FastText.train(families(4, 300), small().epochs(1).build());
        Vocabulary vocab = m.vocabulary();
        Subwords sub = m.subwords();
        int words = vocab.size(), dim = m.dim();
        KeyedVectors kv = m.keyedVectors();
        assertEquals(vocab.words(), kv.words());
        for (String w : List.of("running", "ctxaxa", "thea", "ctxax", "runnning", "日本語")) {
            int id = vocab.id(w);
            int[] buckets = sub.buckets(w);
            int[] rows = m.rows(w);
            int own = id >= 0 ? 1 : 0;
            assertEquals(own + buckets.length, rows.length, w);
            if (id >= 0) assertEquals(id, rows[0], w);
            for (int i = 0; i < buckets.length; i++) assertEquals(words + buckets[i], rows[own + i], w);
            double[] mean = new double[dim];
            for (int r : rows) for (int j = 0; j < dim; j++) mean[j] += m.input()[r * dim + j] / rows.length;
            float[] v = m.vector(w);
            for (int j = 0; j < dim; j++) assertEquals(mean[j], v[j], 1e-6, w + "[" + j + "]");
            if (id >= 0) assertArrayEquals(v, kv.vector(w), 1e-6f, w);
        }
        assertEquals((long) (words + 20_000) * dim, m.input().length);
        assertEquals(0, sub.buckets("").length);
        assertArrayEquals(new float[dim], m.vector(""), "a word without n-grams has the zero vector, as in fastText");
    }

    @Test
    void withoutNgramsAWordIsItsOwnRow() throws IOException {
        FastTextModel m = FastText.train(families(5, 300), small().maxn(0).epochs(1).build());
        assertNull(m.subwords());
        assertEquals((long) m.vocabulary().size() * m.dim(), m.input().length);
        assertArrayEquals(new int[] {m.vocabulary().id("running")}, m.rows("running"));
        assertArrayEquals(new float[m.dim()], m.vector("runnning"));
    }

    @Test
    void badSettingsAndCorporaAreRejected() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> small().negative(0).build());
        assertThrows(IllegalArgumentException.class, () -> small().minn(4).maxn(3).build());
        assertThrows(IllegalArgumentException.class, () -> small().buckets(0).build());
        Path one = dir.resolve("one.txt");
        Files.writeString(one, "same same same\nsame same\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FastText.train(Corpus.file(one, Tokenizer.english()), small().build()));
        assertTrue(e.getMessage().contains("at least 2 words"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FastText.train(Corpus.file(one, Tokenizer.english()), small().minCount(100).build()));
    }
}
