package dev.nabla.cli;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.util.Progress;
import dev.nabla.util.Plot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Gradient descent, end to end: a small MLP learns y = sin(x) from noisy samples. Forward pass, MSE loss,
 * backward pass by the chain rule, and the update θ ← θ − η·v with v ← μ·v + ∇θL.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Fit a 1-H-H-1 tanh network to noisy sin(x) by gradient descent and show the loss falling.",
                "The subcommands run the other backpropagation demos."},
        subcommands = {LinearDemo.class, MoonsDemo.class})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "1000", description = "Gradient-descent steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "0.05", description = "Learning rate η (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum μ; 0 gives plain gradient descent (default: ${DEFAULT-VALUE}).")
    float momentum;

    @Option(names = "--hidden", defaultValue = "32", description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--points", defaultValue = "256", description = "Training samples (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--noise", defaultValue = "0.1", description = "Standard deviation of the noise on y (default: ${DEFAULT-VALUE}).")
    float noise;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed: same seed, same run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "nabla-demo", description = "Folder for the plots loss.png and fit.png (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || hidden < 1 || points < 2) throw new IllegalArgumentException("--steps, --hidden must be >= 1 and --points >= 2");
        Generator gen = new Generator(seed);
        Tensor x = Tensor.linspace((float) -Math.PI, (float) Math.PI, points).reshape(points, 1);
        Tensor y = x.sin().add(Tensor.randn(gen, points, 1).mul(noise));

        // parameters, initialised as torch.nn.Linear: U(-1/√fan_in, 1/√fan_in)
        Tensor w1 = init(gen, 1, hidden, 1), b1 = init(gen, 1, hidden);
        Tensor w2 = init(gen, hidden, hidden, hidden), b2 = init(gen, hidden, hidden);
        Tensor w3 = init(gen, hidden, 1, hidden), b3 = init(gen, hidden, 1);
        List<Tensor> params = List.of(w1, b1, w2, b2, w3, b3);
        for (Tensor p : params) p.requiresGrad(true);
        List<Tensor> velocity = params.stream().map(Tensor::zerosLike).toList();

        System.out.printf(Locale.ROOT, "Fitting y = sin(x) + noise (%d points) with a 1-%d-%d-1 tanh MLP: %d steps of gradient descent, lr %.3g, momentum %.2g%n",
                points, hidden, hidden, steps, lr, momentum);
        double[] losses = new double[steps];
        int report = Math.max(1, steps / 10);
        try (Progress bar = new Progress("train", steps, "steps")) {
            for (int step = 0; step < steps; step++) {
                Tensor pred = forward(x, params);                   // forward pass
                Tensor diff = pred.sub(y);
                Tensor loss = diff.mul(diff).mean();                // MSE loss
                for (Tensor p : params) p.zeroGrad();
                loss.backward();                                    // backward pass: ∂loss/∂θ for every parameter
                try (var ignored = NoGrad.enter()) {                // update: v ← μv + g, θ ← θ − ηv
                    for (int i = 0; i < params.size(); i++) {
                        velocity.get(i).mul_(momentum).add_(params.get(i).grad(), 1f);
                        params.get(i).add_(velocity.get(i), -lr);
                    }
                }
                losses[step] = loss.item();
                bar.set("loss", "%.5f", losses[step]).step();
                if (step % report == 0 || step == steps - 1)
                    System.out.printf(Locale.ROOT, "step %5d  loss %.6f%n", step, losses[step]);
            }
        }
        System.out.printf(Locale.ROOT, "loss fell from %.4f to %.4f (the noise alone has variance %.4f)%n",
                losses[0], losses[steps - 1], noise * noise);

        double[] it = new double[steps];
        for (int i = 0; i < steps; i++) it[i] = i;
        new Plot("Training loss (MSE)", "step", "loss").logY().line("loss", it, losses).save(out.resolve("loss.png"));
        Tensor fit;
        try (var ignored = NoGrad.enter()) {
            fit = forward(x, params);
        }
        double[] xs = toDouble(x.toArray()), ys = toDouble(y.toArray()), fs = toDouble(fit.toArray()), truth = toDouble(x.sin().toArray());
        new Plot("Fit after " + steps + " steps", "x", "y")
                .points("samples", xs, ys).line("network", xs, fs).line("sin(x)", xs, truth).save(out.resolve("fit.png"));
        System.out.println("plots: " + out.resolve("loss.png") + ", " + out.resolve("fit.png"));
        return 0;
    }

    private static Tensor init(Generator gen, int fanIn, int... shape) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        return Tensor.zeros(shape).uniform_(gen, -bound, bound);
    }

    // pred (N, 1) from x (N, 1): two tanh layers and a linear output
    private static Tensor forward(Tensor x, List<Tensor> p) {
        Tensor h = x.matmul(p.get(0).t()).add(p.get(1)).tanh();
        h = h.matmul(p.get(2).t()).add(p.get(3)).tanh();
        return h.matmul(p.get(4).t()).add(p.get(5));
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
