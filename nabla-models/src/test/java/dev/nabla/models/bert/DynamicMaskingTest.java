package dev.nabla.models.bert;

import dev.nabla.autograd.NoGrad;
import dev.nabla.optim.AdamW;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DynamicMaskingTest {
    static final int PAD = 0, CLS = 1, SEP = 2, MASK = 3;

    @Test
    void fifteenPercentOfOrdinaryTokensAreChosenAndSplitEightyTenTen() {
        int vocab = 1000, n = 200_000;
        int[] ids = new int[n];
        Generator data = new Generator(3);
        for (int i = 0; i < n; i++) ids[i] = i % 50 == 0 ? CLS : i % 50 == 49 ? PAD : 4 + data.nextInt(vocab - 4);
        var batch = new DynamicMasking(vocab, MASK, new int[] {PAD, CLS, SEP, MASK}, new Generator(7)).apply(IntTensor.wrap(ids, 100, n / 100));
        int[] in = batch.inputIds().toArray(), labels = batch.labels().toArray();
        int ordinary = 0, chosen = 0, masked = 0, replaced = 0, kept = 0;
        for (int i = 0; i < n; i++) {
            boolean special = ids[i] < 4;
            if (!special) ordinary++;
            if (labels[i] == DynamicMasking.IGNORE) {
                assertEquals(ids[i], in[i], "unchosen tokens stay");
                continue;
            }
            assertFalse(special, "special token chosen at " + i);
            assertEquals(ids[i], labels[i], "the label is the original token");
            chosen++;
            if (in[i] == MASK) masked++;
            else if (in[i] == ids[i]) kept++;
            else replaced++;
        }
        assertEquals(0.15, chosen / (double) ordinary, 0.005, "chosen");
        assertEquals(0.8, masked / (double) chosen, 0.01, "[MASK]");
        assertEquals(0.1, replaced / (double) chosen, 0.01, "random"); // a random draw may hit the original: 0.1 %
        assertEquals(0.1, kept / (double) chosen, 0.01, "kept");
    }

    @Test
    void masksAreSeededAndDrawnAfreshEachTime() {
        IntTensor ids = IntTensor.arange(400).reshape(20, 20);
        var a = new DynamicMasking(400, MASK, new int[] {PAD}, new Generator(1));
        var b = new DynamicMasking(400, MASK, new int[] {PAD}, new Generator(1));
        var first = a.apply(ids);
        assertArrayEquals(first.labels().toArray(), b.apply(ids).labels().toArray(), "same seed, same masks");
        assertFalse(Arrays.equals(first.labels().toArray(), a.apply(ids).labels().toArray()), "a new mask for each batch");
        assertArrayEquals(IntTensor.arange(400).toArray(), ids.toArray(), "the input is not changed");
        assertArrayEquals(new int[] {20, 20}, first.inputIds().shape());
        assertThrows(IllegalArgumentException.class, () -> new DynamicMasking(10, 10, new int[0], new Generator(1)));
    }

    static final String[] CORPUS = {
            "the cat sat on the mat", "the dog sat on the log", "a cat chased a mouse", "a dog chased a cat",
            "the mouse ran to the hole", "the cat ran to the mat", "the dog ran to the log", "a mouse sat in the hole"};

    @Test
    void aFewAdamWStepsOfMaskedLMTrainingLowerTheLoss() {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String s : List.of("[PAD]", "[CLS]", "[SEP]", "[MASK]")) vocab.put(s, vocab.size());
        int t = 9;
        List<int[]> rows = new ArrayList<>();
        for (String s : CORPUS) {
            int[] row = new int[t];
            row[0] = CLS;
            String[] words = s.split(" ");
            for (int i = 0; i < words.length; i++) row[i + 1] = vocab.computeIfAbsent(words[i], w -> vocab.size());
            row[words.length + 1] = SEP;
            rows.add(row);
        }
        int[] flat = rows.stream().flatMapToInt(Arrays::stream).toArray();
        IntTensor ids = IntTensor.wrap(flat, rows.size(), t), attention = IntTensor.wrap(Arrays.stream(flat).map(i -> i == PAD ? 0 : 1).toArray(), rows.size(), t);
        BertConfig config = BertConfig.tiny(vocab.size());
        BertForMaskedLM model = new BertForMaskedLM(config, new Generator(5));
        int[] special = {PAD, CLS, SEP, MASK};
        var held = new DynamicMasking(vocab.size(), MASK, special, 0.3f, new Generator(11)).apply(ids);
        var masking = new DynamicMasking(vocab.size(), MASK, special, 0.3f, new Generator(12));
        var opt = AdamW.of(model.parameters()).lr(3e-3).weightDecay(0.01).build();
        double before = heldOutLoss(model, held, attention);
        for (int step = 0; step < 25; step++) {
            model.train();
            var batch = masking.apply(ids);
            opt.zeroGrad();
            BertForMaskedLM.loss(model.forward(batch.inputIds(), null, attention), batch.labels()).backward();
            opt.step();
        }
        double after = heldOutLoss(model, held, attention);
        assertTrue(after < 0.8 * before, "loss " + before + " -> " + after);
    }

    static double heldOutLoss(BertForMaskedLM model, DynamicMasking.Batch b, IntTensor attention) {
        model.eval();
        try (var ignored = NoGrad.enter()) {
            return BertForMaskedLM.loss(model.forward(b.inputIds(), null, attention), b.labels()).item();
        }
    }
}
