package dev.nabla.cli;

import dev.nabla.autograd.NoGrad;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.TensorDataset;
import dev.nabla.io.Checkpoint;
import dev.nabla.nn.Conv2d;
import dev.nabla.nn.F;
import dev.nabla.nn.Flatten;
import dev.nabla.nn.Linear;
import dev.nabla.nn.MaxPool2d;
import dev.nabla.nn.Module;
import dev.nabla.nn.ReLU;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.util.Plot;
import dev.nabla.util.Progress;
import dev.nabla.util.Warmup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Backpropagation on real data: an MLP or LeNet-5 classifies Fashion-MNIST clothing images. */
@Command(name = "fashion-mnist", mixinStandardHelpOptions = true,
        description = {"Train an MLP (784-256-10, SGD momentum 0.9, lr 0.05) or LeNet-5 (Adam, lr 1e-3, standardised pixels)",
                "on Fashion-MNIST, report test accuracy per epoch and plot loss and accuracy."})
final class FashionMnistCommand implements Callable<Integer> {
    enum Model { mlp, lenet }

    @Option(names = "--model", defaultValue = "mlp", description = "mlp or lenet (default: ${DEFAULT-VALUE}).")
    Model model;

    @Option(names = "--epochs", description = "Epochs (default: 1 for mlp, 3 for lenet).")
    Integer epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", description = "Learning rate (default: 0.05 for mlp, 0.001 for lenet).")
    Double lr;

    @Option(names = "--data", description = "Folder with the Fashion-MNIST IDX files (default: $NABLA_DATA, or shared/data/fashion-mnist nearby).")
    Path data;

    @Option(names = "--normalize", negatable = true, description = "Standardise the pixels with the training images' mean and "
            + "standard deviation (as torchvision's Normalize) instead of feeding them in [0, 1] (default: on for lenet, off for mlp).")
    Boolean normalize;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed for initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "nabla-demo", description = "Folder for the plot (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "After every epoch, save the model, optimizer, data order and history to FILE (safetensors, written atomically).")
    Path checkpoint;

    @Option(names = "--resume", description = "Continue from the --checkpoint FILE when it exists; the run goes on exactly as if it had never stopped.")
    boolean resume;

    /** Train loss and test accuracy after each epoch, the pixels' mean and standard deviation when standardised, and the exit code, for tests. */
    double[] epochLoss, testAccuracy;
    float[] pixelStats;
    int exitCode;

    static Module build(Model m) {
        return switch (m) {
            case mlp -> new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10));
            case lenet -> new Sequential(
                    new Conv2d(1, 6, 5, 1, 2), new ReLU(), new MaxPool2d(2),
                    new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
                    new Flatten(), new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10));
        };
    }

    /**
     * A training step of a throwaway model on noise, for Warmup. The model draws its weights before the run seeds the
     * global generator, and the step draws nothing, so the seeded run is the same with or without it.
     */
    private static Runnable warmupStep(Model m, int batch) {
        Generator g = new Generator(12345);
        Module net = build(m);
        Optimizer opt = m == Model.mlp ? SGD.of(net.parameters()).lr(1e-3).momentum(0.9).build() : Adam.of(net.parameters()).lr(1e-5).build();
        Tensor x = Tensor.randn(g, batch, 1, 28, 28);
        IntTensor y = IntTensor.randint(g, 0, 10, batch);
        return () -> {
            Tensor loss = F.crossEntropy(net.forward(x), y);
            opt.zeroGrad();
            loss.backward();
            opt.step();
        };
    }

    @Override
    public Integer call() throws Exception {
        Path dir = data != null ? data : FashionMnist.defaultDir();
        if (dir == null || !Files.isDirectory(dir))
            throw new IllegalArgumentException("fashion-mnist: no data folder " + (dir == null ? "found" : dir)
                    + "; pass --data DIR holding train-images-idx3-ubyte(.gz) and friends, or set NABLA_DATA");
        TensorDataset[] data = Warmup.during(() -> new TensorDataset[] {FashionMnist.load(dir, true), FashionMnist.load(dir, false)},
                warmupStep(model, batch));
        TensorDataset train = data[0], test = data[1];
        if (normalize != null ? normalize : model == Model.lenet) {
            pixelStats = standardise(train, test);
            System.out.printf(Locale.ROOT, "pixels standardised with the training images' mean %.4f and standard deviation %.4f%n",
                    pixelStats[0], pixelStats[1]);
        }
        int nEpochs = epochs != null ? epochs : model == Model.mlp ? 1 : 3;
        double rate = lr != null ? lr : model == Model.mlp ? 0.05 : 1e-3;
        Generator.seed(seed);
        Module net = build(model);
        Optimizer opt = model == Model.mlp ? SGD.of(net.parameters()).lr(rate).momentum(0.9).build()
                : Adam.of(net.parameters()).lr(rate).build();
        DataLoader<Batch> loader = DataLoader.builder(train).batchSize(batch).shuffle(seed).prefetch(true).build();
        if (resume && checkpoint == null) throw new IllegalArgumentException("fashion-mnist: --resume needs --checkpoint FILE");
        Checkpoint ck = new Checkpoint(net).optimizer(opt).loader("train", loader);
        testAccuracy = new double[nEpochs];
        epochLoss = new double[nEpochs];
        int done = resume && Files.exists(checkpoint) ? restore(ck, nEpochs) : 0;
        System.out.printf(Locale.ROOT, "Fashion-MNIST from %s: %d training and %d test images; %s with %,d parameters, %s lr %.3g, batch %d%n",
                dir, train.size(), test.size(), model, net.numParameters(), opt.getClass().getSimpleName(), rate, batch);
        for (int e = done; e < nEpochs; e++) {
            net.train();
            double sum = 0;
            int n = 0;
            long t0 = System.nanoTime();
            try (Progress bar = new Progress("epoch " + (e + 1) + "/" + nEpochs, loader.numBatches(), "batches")) {
                for (Batch b : loader) {
                    Tensor loss = F.crossEntropy(net.forward(b.x()), b.y());
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                    sum += loss.item();
                    n++;
                    bar.set("loss", "%.4f", sum / n).step();
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            epochLoss[e] = sum / n;
            testAccuracy[e] = accuracy(net, test);
            System.out.printf(Locale.ROOT, "epoch %d: train loss %.4f, test accuracy %.2f%%, %.2f s%n", e + 1, epochLoss[e], 100 * testAccuracy[e], secs);
            if (checkpoint != null) {
                ck.save(checkpoint, e + 1, Map.of("model", model.name(), "loss", history(epochLoss, e + 1), "accuracy", history(testAccuracy, e + 1)));
                System.out.println("checkpoint: " + checkpoint);
            }
        }
        double[] epochAxis = java.util.stream.IntStream.rangeClosed(1, nEpochs).asDoubleStream().toArray();
        Path png = out.resolve("fashion-" + model + ".png");
        double[] accPct = java.util.Arrays.stream(testAccuracy).map(a -> 100 * a).toArray();
        new Plot("Fashion-MNIST " + model + ": train loss and test accuracy per epoch", "epoch", "value")
                .line("train loss", epochAxis, epochLoss).line("test accuracy / 100", epochAxis, testAccuracy).save(png);
        System.out.printf(Locale.ROOT, "final test accuracy %.2f%%; plot: %s%n", accPct[nEpochs - 1], png);
        return 0;
    }

    /** Standardises both sets' inputs in place with the training inputs' mean and standard deviation; returns those two. */
    static float[] standardise(TensorDataset train, TensorDataset test) {
        float mean = train.inputs().mean().item(), std = train.inputs().std().item();
        for (TensorDataset d : new TensorDataset[] {train, test}) d.inputs().add_(-mean).mul_(1 / std);
        return new float[] {mean, std};
    }

    /** Loads the checkpoint and its history; returns the epochs it had finished. */
    private int restore(Checkpoint ck, int nEpochs) throws java.io.IOException {
        int done = (int) ck.load(checkpoint);
        if (!model.name().equals(ck.extra().get("model")))
            throw new IllegalArgumentException("fashion-mnist: " + checkpoint + " holds a " + ck.extra().get("model") + " run, not " + model);
        if (done > nEpochs) throw new IllegalArgumentException("fashion-mnist: " + checkpoint + " has already finished " + done + " epochs; ask for more with --epochs");
        List<?> loss = (List<?>) ck.extra().get("loss"), acc = (List<?>) ck.extra().get("accuracy");
        for (int e = 0; e < done; e++) {
            epochLoss[e] = ((Number) loss.get(e)).doubleValue();
            testAccuracy[e] = ((Number) acc.get(e)).doubleValue();
        }
        System.out.printf(Locale.ROOT, "resumed from %s after epoch %d (test accuracy %.2f%%)%n", checkpoint, done, done > 0 ? 100 * testAccuracy[done - 1] : 0.0);
        return done;
    }

    private static List<Double> history(double[] values, int n) {
        return java.util.Arrays.stream(values, 0, n).boxed().toList();
    }

    static double accuracy(Module net, TensorDataset test) {
        net.eval();
        int correct = 0;
        try (var ignored = NoGrad.enter()) {
            for (Batch b : new DataLoader<>(test, 1000)) {
                int[] pred = net.forward(b.x()).argmax(1, false).toArray(), y = b.y().toArray();
                for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) correct++;
            }
        }
        return (double) correct / test.size();
    }
}
