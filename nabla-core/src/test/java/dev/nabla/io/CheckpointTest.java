package dev.nabla.io;

import dev.nabla.autograd.NoGrad;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TensorDataset;
import dev.nabla.nn.F;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    Path dir;

    /** Linear, ReLU, dropout (its own generator), Linear, and a buffer counting the examples seen. */
    static final class Net extends Module {
        final Linear fc1, fc2;
        final Tensor seen;
        final Generator dropout;

        Net(long seed, Generator dropout) {
            Generator g = new Generator(seed);
            fc1 = registerModule("fc1", new Linear(6, 16, true, g));
            fc2 = registerModule("fc2", new Linear(16, 3, true, g));
            seen = registerBuffer("seen", Tensor.zeros(1));
            this.dropout = dropout;
        }

        @Override
        public Tensor forward(Tensor x) {
            if (isTraining()) try (var ignored = NoGrad.enter()) {
                seen.add_(Tensor.scalar(x.size(0)), 1f);
            }
            return fc2.forward(F.dropout(fc1.forward(x).relu(), 0.2f, isTraining(), dropout));
        }
    }

    /** lr · gamma^(epoch / stepSize), as StepLR. */
    static final class TestStepLR extends LRScheduler {
        TestStepLR(Optimizer o) {
            super(o);
        }

        @Override
        protected double lrAt(int group, int epoch) {
            return baseLrs[group] * Math.pow(0.5, epoch / 7);
        }
    }

    static TensorDataset data() {
        Generator g = new Generator(11);
        Tensor x = Tensor.randn(g, 50, 6);
        return new TensorDataset(x, IntTensor.randint(g, 0, 3, 50));
    }

    /** Everything one training run holds; seed changes the initial weights and generators. */
    static final class Run {
        final Net net;
        final TestSgd opt;
        final TestStepLR sched;
        final DataLoader<Batch> loader;
        final Checkpoint ck;

        Run(long seed) {
            Generator dropout = new Generator(seed + 1);
            net = new Net(seed, dropout);
            opt = new TestSgd(net.parameters(), 0.1, 0.9);
            sched = new TestStepLR(opt);
            loader = DataLoader.builder(data()).batchSize(8).shuffle(seed + 2).prefetch(true).build();
            ck = new Checkpoint(net).optimizer(opt).scheduler(sched).loader("train", loader).generator("dropout", dropout);
        }

        /** Trains from step `from` to `to`, saving after step `saveAt`. */
        void train(long from, long to, long saveAt, Path file) throws IOException {
            long step = from;
            while (step < to) {
                for (Batch b : loader) {
                    Tensor loss = F.crossEntropy(net.forward(b.x()), b.y());
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                    sched.step();
                    step++;
                    if (step == saveAt) ck.save(file, step, Map.of("loss", (double) loss.item()));
                    if (step == to) break;
                }
            }
        }
    }

    static void assertBitIdentical(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            float[] x = a.get(k).toArray(), y = b.get(k).toArray();
            assertEquals(x.length, y.length, k);
            for (int i = 0; i < x.length; i++)
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), k + "[" + i + "]: " + x[i] + " vs " + y[i]);
        }
    }

    @Test
    void resumingGivesBitIdenticalParameters() throws IOException {
        int n = 30, k = 11; // 7 batches an epoch: the checkpoint falls in the middle of epoch 2
        Path file = dir.resolve("ck.safetensors");
        Run straight = new Run(100);
        straight.train(0, n, k, file);

        Run resumed = new Run(555); // other weights, other generators: everything must come from the file
        assertFalse(Arrays.equals(straight.net.fc1.weight.toArray(), resumed.net.fc1.weight.toArray()));
        assertEquals(k, resumed.ck.load(file));
        assertEquals(k, resumed.sched.lastEpoch());
        assertTrue(resumed.ck.extra().get("loss") instanceof Double);
        assertEquals(50f + 4 * 8, resumed.net.seen.item()); // the buffer: one epoch (50) and 4 batches of 8
        resumed.train(k, n, -1, file);

        assertBitIdentical(straight.net.stateDict(), resumed.net.stateDict());
        assertBitIdentical(straight.opt.stateTensors(), resumed.opt.stateTensors());
        assertEquals(straight.opt.paramGroups().get(0).lr(), resumed.opt.paramGroups().get(0).lr());
        assertEquals(straight.loader.epoch(), resumed.loader.epoch());
        assertArrayEquals(straight.net.dropout.getState(), resumed.net.dropout.getState());
        assertArrayEquals(straight.loader.generator().getState(), resumed.loader.generator().getState());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary files left");
        }
    }

    @Test
    void theFileIsASafetensorsFileWithPrefixedNames() throws IOException {
        Run r = new Run(1);
        Path file = dir.resolve("a.safetensors");
        r.train(0, 3, 3, file);
        SafeTensors.Contents c = SafeTensors.load(file);
        assertEquals(List.of("model.seen", "model.fc1.weight", "model.fc1.bias", "model.fc2.weight", "model.fc2.bias",
                "optimizer.0.momentum_buffer", "optimizer.1.momentum_buffer", "optimizer.2.momentum_buffer", "optimizer.3.momentum_buffer"),
                List.copyOf(c.tensors().keySet()));
        assertEquals(3L, Checkpoint.read(file).step());
    }

    private void assertLoadFails(Checkpoint ck, Path file, String... fragments) {
        IOException e = assertThrows(IOException.class, () -> ck.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
    }

    @Test
    void damagedOrMismatchedCheckpointsGiveClearErrors() throws IOException {
        Run r = new Run(1);
        Path file = dir.resolve("c.safetensors");
        r.train(0, 2, 2, file);
        byte[] good = Files.readAllBytes(file);

        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(good, good.length - 10));
        assertLoadFails(new Run(2).ck, cut, "truncated");

        // a flipped byte inside the JSON header
        byte[] bad = good.clone();
        int brace = new String(bad, 8, 40, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf('{');
        bad[8 + brace] = 'x';
        Path flipped = dir.resolve("flipped.safetensors");
        Files.write(flipped, bad);
        assertLoadFails(new Run(2).ck, flipped, "not a safetensors file");

        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.save(plain, Map.of("w", Tensor.ones(2)));
        assertLoadFails(new Run(2).ck, plain, "not a nabla checkpoint");

        // a different architecture: every problem is listed, and nothing is changed
        Module other = new Module() {
            final Linear fc1 = registerModule("fc1", new Linear(6, 17, true, new Generator(1)));
            final Linear fc2 = registerModule("fc2", new Linear(16, 3, true, new Generator(1)));
        };
        float[] before = other.stateDict().get("fc1.weight").toArray();
        Checkpoint ck = new Checkpoint(other).generator("dropout", new Generator(1));
        assertLoadFails(ck, file, "model key 'fc1.weight' has shape [16, 6], the model has [17, 6]", "model key 'seen' is not in",
                "holds optimizer state but no optimizer");
        assertArrayEquals(before, other.stateDict().get("fc1.weight").toArray());
        assertLoadFails(new Checkpoint(new Net(1, null)).generator("init", new Generator(1)).optimizer(new Run(2).opt), file,
                "no state for generator 'init' (the file has [dropout])");

        Run wantsMore = new Run(4);
        Checkpoint modelOnly = new Checkpoint(wantsMore.net).optimizer(wantsMore.opt);
        modelOnly.save(dir.resolve("m.safetensors"), 9);
        assertLoadFails(wantsMore.ck, dir.resolve("m.safetensors"), "no scheduler state in the file", "no state for generator 'dropout'",
                "no state for loader 'train'");
        // restoring fewer objects than the file holds is fine
        Run fewer = new Run(5);
        assertEquals(2, new Checkpoint(fewer.net).optimizer(fewer.opt).load(file));
        assertBitIdentical(r.net.stateDict(), fewer.net.stateDict());
    }

    @Test
    void aFailedSaveKeepsThePreviousCheckpoint() throws IOException {
        Run r = new Run(1);
        Path file = dir.resolve("keep.safetensors");
        r.train(0, 2, 2, file);
        byte[] before = Files.readAllBytes(file);
        assertThrows(IllegalArgumentException.class, () -> r.ck.save(file, 3, Map.of("bad", Double.NaN)));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void generatorStatesSurviveTextEncoding() {
        Generator g = new Generator(-7);
        g.nextGaussian(); // leaves a spare value in the state
        long[] s = g.getState();
        assertArrayEquals(s, Checkpoint.decodeGenerator(Checkpoint.encodeGenerator(s)));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.decodeGenerator("1,2,3"));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.decodeGenerator("1,2,3,4,5,6,zz"));
    }
}
