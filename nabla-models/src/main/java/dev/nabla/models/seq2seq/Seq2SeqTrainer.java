package dev.nabla.models.seq2seq;

import dev.nabla.nn.F;
import dev.nabla.nn.Reduction;
import dev.nabla.optim.Adam;
import dev.nabla.optim.NoamLR;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.util.List;

/**
 * Teacher-forced training of a {@link Seq2SeqTransformer} on a {@link NumberTask}: each step draws a fresh batch of
 * training numbers, computes the label-smoothed cross-entropy over the real target tokens (padding ignored), and
 * takes an Adam step (β = 0.9, 0.98, eps 1e-9) at the rate of {@link NoamLR}.
 */
public final class Seq2SeqTrainer {
    public final Seq2SeqTransformer model;
    public final NumberTask task;
    public final Optimizer optimizer;
    public final NoamLR schedule;
    public final Generator data;
    private final int batch;
    private final float labelSmoothing;

    /** @param lrFactor NoamLR's base rate (1 in the paper's formula) */
    public Seq2SeqTrainer(Seq2SeqTransformer model, NumberTask task, int batch, double lrFactor, int warmup, float labelSmoothing, Generator data) {
        if (batch <= 0) throw new IllegalArgumentException("Seq2SeqTrainer: batch must be positive, got " + batch);
        this.model = model;
        this.task = task;
        this.batch = batch;
        this.labelSmoothing = labelSmoothing;
        this.data = data;
        optimizer = Adam.of(model.parameters()).lr(lrFactor).betas(0.9, 0.98).eps(1e-9).build();
        schedule = new NoamLR(optimizer, model.config.dModel(), warmup);
    }

    /** The next training batch's numbers. */
    public long[] nextNumbers() {
        long[] n = new long[batch];
        for (int i = 0; i < batch; i++) n[i] = NumberTask.trainNumber(data);
        return n;
    }

    /** One step on a fresh batch; returns its loss and its number of target tokens (EOS included). */
    public Stats step() {
        return step(nextNumbers());
    }

    /** One step on the given numbers. */
    public Stats step(long[] numbers) {
        NumberTask.Batch b = task.batch(numbers);
        model.train();
        Tensor logits = model.forward(b.src(), b.srcPad(), b.tgtIn(), b.tgtPad());
        int n = b.tgtOut().numel();
        Tensor loss = F.crossEntropy(logits.reshape(n, model.config.tgtVocab()), b.tgtOut().reshape(n), Reduction.MEAN, Vocab.PAD, labelSmoothing);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        schedule.step();
        return new Stats(loss.item(), b.targetTokens());
    }

    public record Stats(double loss, int tokens) {
    }

    /** Exact-match accuracy on numbers: greedy (beam ≤ 1) in batches, or beam search of that width one by one. */
    public static double exactMatch(Seq2SeqTransformer model, NumberTask task, long[] numbers, int beam, double alpha) {
        int correct = 0, chunk = 100;
        for (int from = 0; from < numbers.length; from += chunk) {
            long[] part = java.util.Arrays.copyOfRange(numbers, from, Math.min(numbers.length, from + chunk));
            NumberTask.Batch b = task.batch(part);
            List<int[]> outs;
            if (beam <= 1) outs = Decoding.greedy(model, b.src(), b.srcPad(), NumberTask.MAX_TOKENS, true).stream().map(Decoding.Hypothesis::tokens).toList();
            else {
                outs = new java.util.ArrayList<>();
                for (long x : part) {
                    IntTensor src = IntTensor.wrap(task.source.encode(task.sourceTokens(x)), 1, task.sourceTokens(x).size());
                    outs.add(Decoding.beam(model, src, null, beam, alpha, NumberTask.MAX_TOKENS).tokens());
                }
            }
            for (int i = 0; i < part.length; i++)
                if (task.target.decode(outs.get(i)).equals(task.targetTokens(part[i]))) correct++;
        }
        return (double) correct / numbers.length;
    }
}
