package dev.nabla.bench;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.TensorDataset;
import dev.nabla.nn.F;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the Fashion-MNIST MLP's first epoch goes (issue #4): demo 3's training loop (784-256-10, SGD momentum 0.9,
 * lr 0.05, batch 64, prefetching loader, seed 0) with a timer around every step, in a fresh JVM, without the
 * command's warm-up. Prints, for each epoch, the first steps one by one and then the milliseconds of each hundred
 * steps, so that the JIT's share (the steps that run before C2 has compiled the kernels) shows beside steady ones.
 * <p>
 * Arguments: {@code [data dir (default $NABLA_DATA or ../shared/data/fashion-mnist)] [epochs (default 2)]}.
 */
public final class MlpFirstEpoch {
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : FashionMnist.defaultDir();
        if (dir == null) throw new IllegalArgumentException("MlpFirstEpoch: no Fashion-MNIST folder found; pass one");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long t0 = System.nanoTime();
        TensorDataset train = FashionMnist.load(dir, true);
        System.out.printf(Locale.ROOT, "loaded %d images in %.2f s; training starts at %d ms of JVM uptime%n", train.size(),
                (System.nanoTime() - t0) / 1e9, ManagementFactory.getRuntimeMXBean().getUptime());
        Generator.seed(0);
        Module net = new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10));
        Optimizer opt = SGD.of(net.parameters()).lr(0.05).momentum(0.9).build();
        DataLoader<Batch> loader = DataLoader.builder(train).batchSize(64).shuffle(0).prefetch(true).build();
        for (int e = 1; e <= epochs; e++) {
            long[] end = new long[loader.numBatches() + 1];
            int n = 0;
            end[0] = System.nanoTime();
            for (Batch b : loader) {
                Tensor loss = F.crossEntropy(net.forward(b.x()), b.y());
                opt.zeroGrad();
                loss.backward();
                opt.step();
                loss.item();
                end[++n] = System.nanoTime();
            }
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d: %.2f s; steps 1-6 (ms):", e, (end[n] - end[0]) / 1e9));
            for (int i = 1; i <= Math.min(6, n); i++) s.append(String.format(Locale.ROOT, " %.1f", (end[i] - end[i - 1]) / 1e6));
            s.append("; each 100 steps (ms):");
            for (int i = 0; i < n; i += 100) s.append(String.format(Locale.ROOT, " %.0f", (end[Math.min(n, i + 100)] - end[i]) / 1e6));
            System.out.println(s);
        }
    }
}
