package dev.nabla.cli;

import dev.nabla.nn.F;
import dev.nabla.nn.Linear;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.util.Plot;
import dev.nabla.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Linear regression by plain gradient descent: recovers known weights from noisy synthetic data. */
@Command(name = "linear", mixinStandardHelpOptions = true,
        description = "Linear regression by gradient descent with MSE: recover y = 2x₁ − 3.4x₂ + 1.7x₃ + 4.2 from noisy samples.")
final class LinearDemo implements Callable<Integer> {
    static final float[] TRUE_W = {2f, -3.4f, 1.7f};
    static final float TRUE_B = 4.2f;

    @Option(names = "--steps", defaultValue = "200", description = "Full-batch gradient-descent steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--samples", defaultValue = "1000", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--noise", defaultValue = "0.01", description = "Noise standard deviation (default: ${DEFAULT-VALUE}).")
    float noise;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "nabla-demo", description = "Folder for linear-loss.png (default: ${DEFAULT-VALUE}).")
    Path out;

    /** The learned weights and bias after training, for tests. */
    float[] learned;

    @Override
    public Integer call() throws Exception {
        Generator gen = new Generator(seed);
        Tensor x = Tensor.randn(gen, samples, 3);
        Tensor y = x.matmul(Tensor.of(TRUE_W).reshape(3, 1)).add(TRUE_B).add(Tensor.randn(gen, samples, 1).mul(noise));
        Linear model = new Linear(3, 1, true, gen);
        SGD opt = SGD.of(model.parameters()).lr(lr).build();   // θ ← θ − η∇θL
        double[] losses = new double[steps];
        try (Progress bar = new Progress("train", steps, "steps")) {
            for (int step = 0; step < steps; step++) {
                Tensor loss = F.mseLoss(model.forward(x), y);
                opt.zeroGrad();
                loss.backward();
                opt.step();
                losses[step] = loss.item();
                bar.set("loss", "%.6f", losses[step]).step();
            }
        }
        learned = Arrays.copyOf(model.weight.toArray(), 4);
        learned[3] = model.bias.item();
        System.out.printf(Locale.ROOT, "true    w = [%.4f, %.4f, %.4f]  b = %.4f%n", TRUE_W[0], TRUE_W[1], TRUE_W[2], TRUE_B);
        System.out.printf(Locale.ROOT, "learned w = [%.4f, %.4f, %.4f]  b = %.4f%n", learned[0], learned[1], learned[2], learned[3]);
        System.out.printf(Locale.ROOT, "loss %.6f after %d steps (noise variance %.6f)%n", losses[steps - 1], steps, noise * noise);
        double[] it = new double[steps];
        Arrays.setAll(it, i -> i);
        Path png = out.resolve("linear-loss.png");
        new Plot("Linear regression: training loss (MSE)", "step", "loss").logY().line("loss", it, losses).save(png);
        System.out.println("plot: " + png);
        return 0;
    }
}
