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
    void crossFittedLogitsComeFromModelsThatDidNotSeeTheFile() {
        // Every text of class 0 in file A.java holds "alpha", which no other file has: a model that saw A.java
        // learns it; the cross-fitted one, trained without A.java, cannot tell those texts from the filler.
        List<LabeledText> train = new ArrayList<>(texts(150, 1));
        for (int i = 0; i < 6; i++) train.add(new LabeledText("the alpha value is alpha", 0, "A.java"));
        TextClassificationData data = new TextClassificationData(List.of("concurrent", "net", "time"), train, texts(30, 2), List.of());
        var cfg = new BagOfWordsClassifier.Config(1, true, 0.5, 0, 64, 30, 3, 1); // a large step: sure of what it learnt
        var fitted = BagOfWordsClassifier.crossFittedLogits(data, cfg, 4); // 4, not 3: file i of texts() has class i % 3
        assertArrayEquals(new int[] {train.size(), 3}, fitted.shape());
        int[] cross = fitted.argmax(1, false).toArray();
        float[] seen = BagOfWordsClassifier.train(data, cfg, s -> {}).logits(train.stream().map(LabeledText::text).toList()).toArray();
        int right = 0;
        for (int i = 0; i < 150; i++) if (cross[i] == train.get(i).label()) right++;
        assertTrue(right >= 135, "the class words carry over to other files: " + right + " of 150");
        float[] all = fitted.toArray();
        for (int i = 150; i < train.size(); i++) {
            double seenMargin = seen[3 * i] - Math.max(seen[3 * i + 1], seen[3 * i + 2]);
            double crossMargin = all[3 * i] - Math.max(all[3 * i + 1], all[3 * i + 2]);
            assertTrue(seenMargin > 1 && crossMargin < seenMargin / 2,
                    "the model that saw A.java is sure of its texts (" + seenMargin + "), the one without it is not (" + crossMargin + ")");
        }
        for (int folds : new int[] {0, 1}) {
            var error = assertThrows(IllegalArgumentException.class, () -> BagOfWordsClassifier.crossFittedLogits(data, cfg, folds));
            assertTrue(error.getMessage().contains("crossFittedLogits: need at least 2 folds, got " + folds), error.getMessage());
        }
        var error = assertThrows(IllegalArgumentException.class, () -> BagOfWordsClassifier.crossFittedLogits(data, cfg, 152));
        assertTrue(error.getMessage().contains("crossFittedLogits: need a train file per fold, got 152 folds of 151 files"), error.getMessage());
    }

    @Test
    void termsAreDistinctUnigramsAndBigrams() {
        assertEquals(Set.of("a", "b", "a b", "b a"), BagOfWordsClassifier.terms("A b a", true));
        assertEquals(Set.of("a", "b"), BagOfWordsClassifier.terms("A b a", false));
    }
}
