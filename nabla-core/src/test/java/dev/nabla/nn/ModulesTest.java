package dev.nabla.nn;

import dev.nabla.golden.GoldenCheck;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Module behaviour a PyTorch user relies on: state dict names, loading, train/eval, counting, apply, repr, init. */
class ModulesTest {
    private static Sequential smallCnn(Generator g) {
        return new Sequential(
                new Conv2d(1, 4, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}, 1, true, g),
                new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(16, 3, true, g));
    }

    @Test
    void stateDictNamesAndShapesMatchPyTorch() {
        Sequential m = smallCnn(new Generator(1));
        // torch: nn.Sequential(nn.Conv2d(1,4,3,padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16,3)).state_dict()
        List<String> keys = List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
                "5.weight", "5.bias");
        assertEquals(keys, List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "5.weight", "5.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked"), List.copyOf(m.namedBuffers().keySet()));
        Map<String, Tensor> sd = m.stateDict();
        assertArrayEquals(new int[] {4, 1, 3, 3}, sd.get("0.weight").shape());
        assertArrayEquals(new int[] {}, sd.get("1.num_batches_tracked").shape());
        assertArrayEquals(new int[] {3, 16}, sd.get("5.weight").shape());
        assertEquals(4 * 9 + 4 + 4 + 4 + 16 * 3 + 3, m.numParameters());
        Tensor y = m.forward(Tensor.randn(new Generator(2), 2, 1, 4, 4));
        assertArrayEquals(new int[] {2, 3}, y.shape());
    }

    @Test
    void aSharedModuleIsOneSetOfParametersButKeepsBothNamesInTheStateDict() {
        Linear shared = new Linear(2, 2, true, new Generator(1));
        Sequential m = new Sequential(shared, new ReLU(), shared);
        // torch: nn.Sequential(l, nn.ReLU(), l).named_parameters() gives 0.weight, 0.bias; state_dict() all four names
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(2, m.parameters().size());
        assertEquals(6, m.numParameters());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(m.stateDict().keySet()));
        assertSame(m.stateDict().get("0.weight"), m.stateDict().get("2.weight"));
    }

    @Test
    void loadStateDictReportsMissingUnexpectedAndMismatchedKeys() {
        Sequential src = smallCnn(new Generator(1)), dst = smallCnn(new Generator(2));
        dst.loadStateDict(src.stateDict(), true);
        GoldenCheck.assertClose("loaded weight", src.stateDict().get("0.weight"), dst.stateDict().get("0.weight"), 0, 0);
        assertFalse(src.stateDict().get("0.weight") == dst.stateDict().get("0.weight"), "values are copied, not shared");

        Map<String, Tensor> partial = new LinkedHashMap<>(src.stateDict());
        partial.remove("5.bias");
        partial.put("head.weight", Tensor.zeros(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dst.loadStateDict(partial, true));
        assertTrue(e.getMessage().contains("missing keys: [5.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys: [head.weight]"), e.getMessage());
        Module.LoadResult r = dst.loadStateDict(partial, false);
        assertEquals(List.of("5.bias"), r.missingKeys());
        assertEquals(List.of("head.weight"), r.unexpectedKeys());

        Map<String, Tensor> wrong = new LinkedHashMap<>(src.stateDict());
        wrong.put("5.weight", Tensor.zeros(3, 8));
        e = assertThrows(IllegalArgumentException.class, () -> dst.loadStateDict(wrong, false));
        assertTrue(e.getMessage().contains("size mismatch for 5.weight: checkpoint has shape [3, 8], the model has [3, 16]"), e.getMessage());
    }

    @Test
    void trainEvalPropagateAndBatchNormSwitchesStatistics() {
        Sequential m = smallCnn(new Generator(3));
        m.eval();
        m.apply(x -> assertFalse(x.isTraining(), x.getClass().getSimpleName()));
        BatchNorm2d bn = (BatchNorm2d) m.get(1);
        Tensor x = Tensor.randn(new Generator(4), 3, 4, 2, 2);
        // eval with fresh statistics (mean 0, var 1): y = x / sqrt(1 + eps)
        GoldenCheck.assertClose("eval batch norm", x.div((float) Math.sqrt(1 + 1e-5)), bn.forward(x), 1e-6, 1e-6);
        assertEquals(0f, bn.numBatchesTracked.item());
        m.train();
        m.apply(mod -> assertTrue(mod.isTraining()));
        bn.forward(x);
        bn.forward(x);
        assertEquals(2f, bn.numBatchesTracked.item());
        // after two updates with momentum 0.1 the running mean is 0.19 of the batch mean
        Tensor mean = x.mean(new int[] {0, 2, 3}, false);
        GoldenCheck.assertClose("running mean", mean.mul(0.19f), bn.runningMean, 1e-6, 1e-5);
        bn.resetRunningStats();
        assertEquals(0f, bn.numBatchesTracked.item());
    }

    @Test
    void applyVisitsChildrenFirstThenSelf() {
        Sequential m = new Sequential(new Linear(2, 2), new Sequential(new ReLU(), new Tanh()));
        List<String> seen = new ArrayList<>();
        m.apply(x -> seen.add(x.getClass().getSimpleName()));
        assertEquals(List.of("Linear", "ReLU", "Tanh", "Sequential", "Sequential"), seen);
        // the usual use: re-initialise every Linear
        m.apply(x -> { if (x instanceof Linear l) Init.constant_(l.weight, 0.5f); });
        assertEquals(0.5f, ((Linear) m.get(0)).weight.get(1, 1));
    }

    @Test
    void reprMatchesPyTorch() {
        assertEquals("Sequential(\n"
                + "  (0): Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
                + "  (1): BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)\n"
                + "  (2): ReLU()\n"
                + "  (3): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
                + "  (4): Flatten(start_dim=1, end_dim=-1)\n"
                + "  (5): Linear(in_features=16, out_features=3, bias=True)\n"
                + ")", smallCnn(new Generator(0)).toString());
        assertEquals("Conv1d(2, 4, kernel_size=(3,), stride=(2,), dilation=(2,), groups=2, bias=False)",
                new Conv1d(2, 4, 3, 2, 0, 2, 2, false, new Generator(0)).toString());
        assertEquals("Embedding(10, 3, padding_idx=9)", new Embedding(10, 3, -1).toString());
        assertEquals("LayerNorm((4, 5), eps=1e-05, elementwise_affine=True)", new LayerNorm(4, 5).toString());
        assertEquals("BatchNorm1d(3, eps=0.001, momentum=None, affine=False, track_running_stats=True)",
                new BatchNorm1d(3, 1e-3f, null, false, true).toString());
        assertEquals("Dropout(p=0.5, inplace=False)", new Dropout().toString());
        assertEquals("AvgPool2d(kernel_size=(2, 3), stride=(2, 3), padding=0)", new AvgPool2d(new int[] {2, 3}, null, new int[] {0}, true).toString());
        assertEquals("AdaptiveAvgPool2d(output_size=(1, 1))", new AdaptiveAvgPool2d(1, 1).toString());
        assertEquals("GELU(approximate='tanh')", new GELU("tanh").toString());
        assertEquals("Softplus(beta=1, threshold=20)", new Softplus().toString());
        assertEquals("LeakyReLU(negative_slope=0.01)", new LeakyReLU().toString());
        assertEquals("Softmax(dim=-1)", new Softmax(-1).toString());
        assertEquals("Bilinear(in1_features=2, in2_features=3, out_features=4, bias=True)", new Bilinear(2, 3, 4).toString());
        assertEquals("CrossEntropyLoss()", new CrossEntropyLoss().toString());
        assertEquals("ModuleList(\n  (0): ReLU()\n  (1): Identity()\n)", new ModuleList(new ReLU(), new Identity()).toString());
        assertEquals("ModuleDict(\n  (act): Tanh()\n)", new ModuleDict().put("act", new Tanh()).toString());
    }

    @Test
    void moduleListAndDictRegisterTheirChildren() {
        ModuleList list = new ModuleList(new Linear(2, 3), new Linear(3, 1));
        list.add(new LayerNorm(1));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"), List.copyOf(list.stateDict().keySet()));
        assertSame(list.get(2), list.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(3));
        assertEquals(3, list.size());
        int n = 0;
        for (Module ignored : list) n++;
        assertEquals(3, n);
        assertThrows(UnsupportedOperationException.class, () -> list.forward(Tensor.zeros(2)));

        ModuleDict dict = new ModuleDict().put("enc", new Linear(2, 2)).put("bn", new BatchNorm1d(2));
        assertEquals(List.of("enc.weight", "enc.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"),
                List.copyOf(dict.stateDict().keySet()));
        assertTrue(dict.get("bn") instanceof BatchNorm1d);
        assertThrows(IllegalArgumentException.class, () -> dict.get("dec"));
        assertThrows(IllegalArgumentException.class, () -> dict.put("enc", new ReLU()));
        dict.eval();
        assertFalse(dict.get("bn").isTraining());
    }

    @Test
    void defaultInitialisationFollowsPyTorch() {
        Generator g = new Generator(5);
        Conv2d conv = new Conv2d(8, 16, new int[] {3}, new int[] {1}, new int[] {0}, new int[] {1}, 2, true, g);
        float wb = (float) (1 / Math.sqrt(4 * 9)); // kaiming_uniform(a=√5): bound 1/√fan_in, fan_in = 8/2 · 3·3
        assertArrayEquals(new int[] {16, 4, 3, 3}, conv.weight.shape());
        for (float v : conv.weight.toArray()) assertTrue(Math.abs(v) <= wb, "weight " + v);
        for (float v : conv.bias.toArray()) assertTrue(Math.abs(v) <= wb, "bias " + v);
        assertTrue(conv.weight.requiresGrad());

        Embedding e = new Embedding(50, 20, 3, g);
        float[] w = e.weight.toArray();
        double s = 0, s2 = 0;
        for (float v : w) { s += v; s2 += v * v; }
        assertEquals(0, s / w.length, 0.1);
        assertEquals(1, s2 / w.length, 0.15);
        for (int j = 0; j < 20; j++) assertEquals(0f, e.weight.get(3, j));

        BatchNorm2d bn = new BatchNorm2d(3);
        assertArrayEquals(new float[] {1, 1, 1}, bn.weight.toArray());
        assertArrayEquals(new float[] {0, 0, 0}, bn.bias.toArray());
        assertArrayEquals(new float[] {1, 1, 1}, bn.runningVar.toArray());
        assertFalse(bn.runningMean.requiresGrad());
        BatchNorm1d plain = new BatchNorm1d(3, 1e-5f, 0.1f, false, false);
        assertTrue(plain.stateDict().isEmpty());
        assertNull(plain.weight);
    }

    @Test
    void embeddingPaddingRowGetsNoGradientAndPretrainedCanBeFrozen() {
        Embedding e = new Embedding(4, 2, 0, new Generator(6));
        Tensor y = e.forward(IntTensor.of(new int[] {0, 1, 0, 3}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        y.sum().backward();
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 1}, e.weight.grad().toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> e.forward(IntTensor.of(4)));

        Tensor table = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Embedding frozen = Embedding.fromPretrained(table, true);
        assertFalse(frozen.weight.requiresGrad());
        assertEquals(6, frozen.numParameters());
        assertArrayEquals(new float[] {5, 6, 1, 2}, frozen.forward(IntTensor.of(2, 0)).toArray());
        assertFalse(frozen.forward(IntTensor.of(1)).requiresGrad());
        Embedding trained = Embedding.fromPretrained(table, false);
        assertTrue(trained.weight.requiresGrad());
        assertSame(table.storage(), trained.weight.storage(), "from_pretrained shares the table, as PyTorch");
    }

    @Test
    void dropoutFollowsTheModuleMode() {
        Dropout d = new Dropout(0.5f, new Generator(7));
        Tensor x = Tensor.ones(1000);
        float[] y = d.forward(x).toArray();
        int zeros = 0;
        for (float v : y) {
            assertTrue(v == 0f || v == 2f);
            if (v == 0f) zeros++;
        }
        assertTrue(zeros > 400 && zeros < 600, "zeros " + zeros);
        d.eval();
        assertSame(x, d.forward(x));
    }

    @Test
    void lossModulesTakeTheirTargets() {
        Tensor logits = Tensor.of(new float[] {2, 0, 0, 0, 3, 0}, 2, 3).requiresGrad(true);
        Tensor ce = new CrossEntropyLoss().forward(logits, IntTensor.of(0, 1));
        GoldenCheck.assertClose("ce", F.crossEntropy(logits, IntTensor.of(0, 1)), ce, 0, 0);
        assertThrows(UnsupportedOperationException.class, () -> new CrossEntropyLoss().forward(logits, Tensor.zeros(2, 3)));
        assertThrows(UnsupportedOperationException.class, () -> new MSELoss().forward(logits, IntTensor.of(0, 1)));
        BCEWithLogitsLoss bce = new BCEWithLogitsLoss(Tensor.of(2f, 1f, 1f), Reduction.SUM);
        assertEquals(List.of("pos_weight"), List.copyOf(bce.stateDict().keySet()));
        assertEquals(0, bce.numParameters());
    }

    @Test
    void badConfigurationsAreRejectedWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, new int[] {3}, new int[] {1},
                new int[] {0}, new int[] {1}, 2, true, new Generator(0)));
        assertTrue(e.getMessage().contains("inChannels=3 must be divisible by groups=2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("BatchNorm2d: expected a 4-D"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)));
        assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5f));
        assertThrows(IllegalArgumentException.class, () -> new GELU("fast"));
    }
}
