package dev.nabla.cli;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.F;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.Tanh;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.util.Plot;
import dev.nabla.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/** A two-layer MLP learns the non-linear boundary between two interleaving half moons. */
@Command(name = "moons", mixinStandardHelpOptions = true,
        description = "Train a 2-layer tanh MLP on the two-moons data set and draw its decision boundary as a PNG.")
final class MoonsDemo implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "1500", description = "Full-batch steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "0.2", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--hidden", defaultValue = "16", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--samples", defaultValue = "400", description = "Points (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "nabla-demo", description = "Folder for moons-boundary.png and moons-loss.png (default: ${DEFAULT-VALUE}).")
    Path out;

    /** Training accuracy at the end, for tests. */
    double accuracy;

    @Override
    public Integer call() throws Exception {
        Generator gen = new Generator(seed);
        float[] xy = new float[2 * samples];
        int[] label = new int[samples];
        for (int i = 0; i < samples; i++) { // upper moon (class 0) and lower moon shifted right (class 1), noise 0.1
            int c = i % 2;
            double t = Math.PI * gen.nextDouble();
            xy[2 * i] = (float) (c == 0 ? Math.cos(t) : 1 - Math.cos(t)) + 0.1f * (float) gen.nextGaussian();
            xy[2 * i + 1] = (float) (c == 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + 0.1f * (float) gen.nextGaussian();
            label[i] = c;
        }
        Tensor x = Tensor.of(xy, samples, 2);
        IntTensor y = IntTensor.of(label);
        Sequential model = new Sequential(new Linear(2, hidden, true, gen), new Tanh(), new Linear(hidden, 2, true, gen));
        SGD opt = SGD.of(model.parameters()).lr(lr).momentum(0.9).build();
        double[] losses = new double[steps];
        try (Progress bar = new Progress("train", steps, "steps")) {
            for (int step = 0; step < steps; step++) {
                Tensor loss = F.crossEntropy(model.forward(x), y);
                opt.zeroGrad();
                loss.backward();
                opt.step();
                losses[step] = loss.item();
                bar.set("loss", "%.4f", losses[step]).step();
            }
        }
        int correct = 0;
        try (var ignored = NoGrad.enter()) {
            int[] pred = model.forward(x).argmax(1, false).toArray();
            for (int i = 0; i < samples; i++) if (pred[i] == label[i]) correct++;
        }
        accuracy = (double) correct / samples;
        System.out.printf(Locale.ROOT, "loss %.4f, training accuracy %.1f%% after %d steps%n", losses[steps - 1], 100 * accuracy, steps);

        int grid = 120;
        double x0 = -1.5, x1 = 2.5, y0 = -1.0, y1 = 1.5;
        float[] pts = new float[2 * grid * grid];
        for (int r = 0; r < grid; r++)
            for (int k = 0; k < grid; k++) {
                pts[2 * (r * grid + k)] = (float) (x0 + (x1 - x0) * (k + 0.5) / grid);
                pts[2 * (r * grid + k) + 1] = (float) (y0 + (y1 - y0) * (r + 0.5) / grid);
            }
        double[][] field = new double[grid][grid];
        try (var ignored = NoGrad.enter()) {
            float[] p1 = model.forward(Tensor.of(pts, grid * grid, 2)).softmax(1).select(1, 1).toArray();
            for (int r = 0; r < grid; r++) for (int k = 0; k < grid; k++) field[r][k] = p1[r * grid + k];
        }
        Plot boundary = new Plot("Two moons: decision boundary after " + steps + " steps", "x₁", "x₂").field(field, x0, x1, y0, y1);
        for (int c = 0; c < 2; c++) {
            int cls = c;
            double[] px = java.util.stream.IntStream.range(0, samples).filter(i -> label[i] == cls).mapToDouble(i -> xy[2 * i]).toArray();
            double[] py = java.util.stream.IntStream.range(0, samples).filter(i -> label[i] == cls).mapToDouble(i -> xy[2 * i + 1]).toArray();
            boundary.points("class " + c, px, py);
        }
        double[] it = new double[steps];
        Arrays.setAll(it, i -> i);
        Path b = out.resolve("moons-boundary.png"), l = out.resolve("moons-loss.png");
        boundary.save(b);
        new Plot("Two moons: training loss (cross-entropy)", "step", "loss").logY().line("loss", it, losses).save(l);
        System.out.println("plots: " + b + ", " + l);
        return 0;
    }
}
