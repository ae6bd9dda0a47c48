package dev.nabla.models;

import dev.nabla.autograd.NoGrad;
import dev.nabla.io.Checkpoint;
import dev.nabla.nn.F;
import dev.nabla.nn.Module;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Clip;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.ParamGroup;
import dev.nabla.optim.WarmupCosineLR;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a model that maps token ids (B, T) to next-token logits (B, T, V), as nanoGPT's train.py: each step draws
 * {@code batch} windows at random offsets of the training ids (seeded), takes the cross-entropy at every position,
 * accumulates gradients over {@code accumulation} such micro-batches, clips their norm, and steps AdamW with weight
 * decay on the parameters of two or more dimensions only (matrices and embeddings; not biases or norm gains) under a
 * linear warmup and cosine decay. {@link #estimateLoss} averages random batches drawn from a generator of its own, so
 * evaluating does not change the training batches. With a fixed thread count, runs are bit-identical, and a run
 * resumed from {@link #save} goes on as the one that never stopped.
 */
public final class CausalLMTrainer {
    /** nanoGPT's knobs; lr decays to minLr at maxIters. */
    public record Config(int batch, int block, int accumulation, double lr, double minLr, int warmup, int maxIters,
                         double weightDecay, double beta1, double beta2, double clip, long seed) {
        public Config {
            if (batch <= 0 || block <= 0 || accumulation <= 0 || maxIters <= warmup || warmup < 0)
                throw new IllegalArgumentException("CausalLMTrainer: batch, block and accumulation must be > 0 and maxIters > warmup >= 0, got batch="
                        + batch + ", block=" + block + ", accumulation=" + accumulation + ", warmup=" + warmup + ", maxIters=" + maxIters);
        }
    }

    private final Module model;
    private final int[] train;
    private final Config config;
    private final List<Tensor> params;
    private final Optimizer optimizer;
    private final WarmupCosineLR schedule;
    private final Generator batches;
    private long iteration;

    /** @param train the training ids; it must hold more than {@code block} of them */
    public CausalLMTrainer(Module model, int[] train, Config config) {
        if (train.length <= config.block())
            throw new IllegalArgumentException("CausalLMTrainer: " + train.length + " training tokens cannot fill a block of " + config.block() + " plus its target");
        this.model = model;
        this.train = train;
        this.config = config;
        params = model.parameters();
        List<Tensor> decay = new ArrayList<>(), noDecay = new ArrayList<>();
        for (Tensor p : params) (p.dim() >= 2 ? decay : noDecay).add(p);
        optimizer = AdamW.ofGroups(List.of(new ParamGroup(decay).set("weight_decay", config.weightDecay()),
                new ParamGroup(noDecay).set("weight_decay", 0))).lr(config.lr()).betas(config.beta1(), config.beta2()).build();
        schedule = new WarmupCosineLR(optimizer, config.warmup(), config.maxIters(), 0, config.minLr());
        batches = new Generator(config.seed());
    }

    /** One optimizer step over {@code accumulation} micro-batches; returns their mean loss. */
    public double step() {
        model.train();
        optimizer.zeroGrad();
        double sum = 0;
        for (int m = 0; m < config.accumulation(); m++) {
            IntTensor[] xy = batch(train, config.batch(), batches);
            Tensor loss = loss(xy[0], xy[1]);
            sum += loss.item();
            (config.accumulation() == 1 ? loss : loss.div(config.accumulation())).backward();
        }
        if (config.clip() > 0) Clip.gradNorm(params, config.clip());
        optimizer.step();
        schedule.step();
        iteration++;
        return sum / config.accumulation();
    }

    /** Mean cross-entropy over {@code iters} random batches of {@code ids}, drawn from a generator seeded by {@code seed}. */
    public double estimateLoss(int[] ids, int iters, long seed) {
        if (ids.length <= config.block())
            throw new IllegalArgumentException("CausalLMTrainer: " + ids.length + " evaluation tokens cannot fill a block of " + config.block());
        boolean wasTraining = model.isTraining();
        model.eval();
        Generator g = new Generator(seed);
        double sum = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < iters; i++) {
                IntTensor[] xy = batch(ids, config.batch(), g);
                sum += loss(xy[0], xy[1]).item();
            }
        } finally {
            model.train(wasTraining);
        }
        return sum / iters;
    }

    private Tensor loss(IntTensor x, IntTensor y) {
        Tensor logits = model.forward(x);
        int v = logits.size(-1), n = x.size(0) * x.size(1);
        return F.crossEntropy(logits.reshape(n, v), y.reshape(n));
    }

    /** batch windows (x, y = x shifted by one) at offsets drawn uniformly from [0, length − block). */
    private IntTensor[] batch(int[] ids, int b, Generator g) {
        int t = config.block();
        int[] x = new int[b * t], y = new int[b * t];
        for (int i = 0; i < b; i++) {
            int from = g.nextInt(ids.length - t);
            System.arraycopy(ids, from, x, i * t, t);
            System.arraycopy(ids, from + 1, y, i * t, t);
        }
        return new IntTensor[] {IntTensor.wrap(x, b, t), IntTensor.wrap(y, b, t)};
    }

    public long iteration() {
        return iteration;
    }

    /** The learning rate of the next step. */
    public double lr() {
        return optimizer.paramGroups().get(0).lr();
    }

    public Config config() {
        return config;
    }

    /** Writes atomically the weights, AdamW's state, the schedule, the batch generator and the caller's extras. */
    public void save(Path file, Map<String, Object> extras) throws IOException {
        checkpoint().save(file, iteration, extras);
    }

    /** Restores what {@link #save} wrote (the model must have the same architecture); returns the extras. */
    public Map<String, Object> resume(Path file) throws IOException {
        Checkpoint ck = checkpoint();
        iteration = ck.load(file);
        return ck.extra();
    }

    private Checkpoint checkpoint() {
        return new Checkpoint(model).optimizer(optimizer).scheduler(schedule).generator("batches", batches);
    }
}
