package dev.nabla.text.tasks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class BagOfWordsClassifierTest {
    private static final String[][] WORDS = {
            {"thread", "lock", "queue", "atomic", "executor"},
            {"socket", "address", "port", "host", "url"},
            {"date", "clock", "zone", "instant", "period"}};
    private static final String[] FILLER = {"the", "returns", "a", "of", "this", "value", "is", "if"};

    /** Texts of filler words and two words of their class: separable only by the class words. */
    private static List<LabeledText> texts(int n, int seed) {
        List<LabeledText> out = new ArrayList<>();
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 6; k++) sb.append(FILLER[r.nextInt(FILLER.length)]).append(' ');
            sb.append(WORDS[c][r.nextInt(5)]).append(' ').append(WORDS[c][r.nextInt(5)]).append('.');
            out.add(new LabeledText(sb.toString(), c, "F" + i + ".java"));
        }
        return out;
    }

    @Test
    void learnsASeparableTask() {
        TextClassificationData data = new TextClassificationData(List.of("concurrent", "net", "time"),
                texts(150, 1), texts(30, 2), texts(30, 3));
        List<String> log = new ArrayList<>();
        BagOfWordsClassifier model = BagOfWordsClassifier.train(data, BagOfWordsClassifier.DEFAULTS, log::add);
        assertEquals(1.0, model.evaluate(data.test()).accuracy());
        assertEquals(1.0, model.evaluate(data.test()).macroF1(), 1e-12);
        assertArrayEquals(new int[] {0, 1, 2}, model.predict(List.of("a lock and a thread", "the host port", "the zone clock")));
        assertTrue(model.bestEpoch() >= 1 && model.bestEpoch() <= log.size(), log.toString());
        // early stopping: at most patience epochs after the best
        assertTrue(log.size() <= model.bestEpoch() + BagOfWordsClassifier.DEFAULTS.patience(), log.toString());
        // deterministic
        BagOfWordsClassifier again = BagOfWordsClassifier.train(data, BagOfWordsClassifier.DEFAULTS, s -> {});
        List<String> probe = List.of("the of is", "lock port zone", "value date");
        assertArrayEquals(model.predict(probe), again.predict(probe));
    }

    @Test
    void termsAreDistinctUnigramsAndBigrams() {
        assertEquals(Set.of("a", "b", "a b", "b a"), BagOfWordsClassifier.terms("A b a", true));
        assertEquals(Set.of("a", "b"), BagOfWordsClassifier.terms("A b a", false));
    }
}
