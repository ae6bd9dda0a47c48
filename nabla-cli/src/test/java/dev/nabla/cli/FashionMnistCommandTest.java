package dev.nabla.cli;

import dev.nabla.data.FashionMnist;
import dev.nabla.data.TensorDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Fashion-MNIST command on a small generated data set in the IDX format (the real one is not needed). */
class FashionMnistCommandTest {
    @TempDir
    Path dir;

    @Test
    void aResumedRunContinuesExactlyAsOneThatNeverStopped() throws Exception {
        writeIdx(dir, "train", 200, 1);
        writeIdx(dir, "t10k", 50, 2);
        Path ck = dir.resolve("run.safetensors");
        FashionMnistCommand straight = run("--epochs", "3");
        assertEquals(0, run("--epochs", "1", "--checkpoint", ck.toString()).exitCode);
        FashionMnistCommand resumed = run("--epochs", "3", "--checkpoint", ck.toString(), "--resume");
        assertEquals(0, resumed.exitCode);
        assertArrayEquals(straight.epochLoss, resumed.epochLoss, "train loss per epoch");
        assertArrayEquals(straight.testAccuracy, resumed.testAccuracy, "test accuracy per epoch");
        assertTrue(straight.epochLoss[2] < straight.epochLoss[0], "the loss falls on the generated classes");
        // a checkpoint of another model is refused with its name
        FashionMnistCommand wrong = run("--model", "lenet", "--epochs", "3", "--checkpoint", ck.toString(), "--resume");
        assertEquals(1, wrong.exitCode);
    }

    @Test
    void normalizeStandardisesBothSetsWithTheTrainingStatistics() throws Exception {
        writeIdx(dir, "train", 200, 1);
        writeIdx(dir, "t10k", 50, 2);
        TensorDataset train = FashionMnist.load(dir, true), test = FashionMnist.load(dir, false);
        float testPixel = test.inputs().toArray()[300];
        float[] ms = FashionMnistCommand.standardise(train, test);
        assertEquals(0, train.inputs().mean().item(), 1e-4);
        assertEquals(1, train.inputs().std().item(), 1e-4);
        assertEquals((testPixel - ms[0]) / ms[1], test.inputs().toArray()[300], 1e-5, "the test set with the training numbers");
        FashionMnistCommand normalized = run("--epochs", "2", "--normalize");
        assertEquals(0, normalized.exitCode);
        assertTrue(normalized.epochLoss[1] < normalized.epochLoss[0], "it still learns");
        assertArrayEquals(ms, normalized.pixelStats);
        assertNull(run("--epochs", "1").pixelStats, "the MLP takes pixels in [0, 1] by default");
        assertArrayEquals(ms, run("--model", "lenet", "--epochs", "1").pixelStats, "LeNet standardises by default");
        assertNull(run("--model", "lenet", "--epochs", "1", "--no-normalize").pixelStats);
    }

    private FashionMnistCommand run(String... args) {
        FashionMnistCommand cmd = new FashionMnistCommand();
        String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"--data", dir.toString(), "--out", dir.resolve("plots").toString(), "--batch", "32"}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        cmd.exitCode = new CommandLine(cmd).execute(all);
        return cmd;
    }

    /** n 28×28 images whose class (i % 10) sets which rows are bright, plus noise, and their labels. */
    static void writeIdx(Path dir, String split, int n, long seed) throws IOException {
        Random r = new Random(seed);
        ByteBuffer images = ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            for (int p = 0; p < 784; p++) images.put((byte) ((p / 28) / 3 == c ? 200 + r.nextInt(56) : r.nextInt(60)));
            labels.put((byte) c);
        }
        Files.write(dir.resolve(split + "-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve(split + "-labels-idx1-ubyte"), labels.array());
    }
}
