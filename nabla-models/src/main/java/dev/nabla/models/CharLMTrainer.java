package dev.nabla.models;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.F;
import dev.nabla.nn.Reduction;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Clip;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Trains a {@link CharLM} the char-rnn way: the text is cut into {@code batch} contiguous streams, each iteration
 * reads the next {@code steps} characters of every stream, and the recurrent state is carried (detached) from one
 * iteration to the next; at the end of the streams it starts over from zero state. Adam, gradient-norm clipping.
 * Given the model's generator seed and a fixed thread count, the losses are the same run after run.
 */
public final class CharLMTrainer {
    private final CharLM model;
    private final int[] text;
    private final int batch, steps, streamLength, batchesPerEpoch;
    private final double clip;
    private final Optimizer optimizer;
    private final List<Tensor> params;
    private CharLM.State state;
    private int position; // batch index within the epoch
    private long iteration;

    /**
     * @param text  the training text's ids; it must hold at least batch·steps + 1 of them
     * @param clip  the largest gradient norm (as torch.nn.utils.clip_grad_norm_), or ≤ 0 for none
     */
    public CharLMTrainer(CharLM model, int[] text, int batch, int steps, double lr, double clip) {
        if (batch <= 0 || steps <= 0)
            throw new IllegalArgumentException("CharLMTrainer: batch and steps must be > 0, got batch=" + batch + ", steps=" + steps);
        this.model = model;
        this.text = text;
        this.batch = batch;
        this.steps = steps;
        this.clip = clip;
        streamLength = (text.length - 1) / batch;
        batchesPerEpoch = streamLength / steps;
        if (batchesPerEpoch == 0)
            throw new IllegalArgumentException("CharLMTrainer: a text of " + text.length + " characters is too short for "
                    + batch + " streams of " + steps + " steps (it needs at least " + (batch * steps + 1) + ")");
        params = model.parameters();
        optimizer = Adam.of(params).lr(lr).build();
    }

    /** One iteration: forward over the next batch, backward, clip, Adam step. Returns the batch's mean cross-entropy. */
    public double step() {
        int[] in = new int[batch * steps], target = new int[batch * steps];
        for (int b = 0; b < batch; b++) {
            int from = b * streamLength + position * steps;
            System.arraycopy(text, from, in, b * steps, steps);
            System.arraycopy(text, from + 1, target, b * steps, steps);
        }
        model.train();
        CharLM.Output out = model.forward(IntTensor.wrap(in, batch, steps), state);
        Tensor loss = F.crossEntropy(out.logits().reshape(batch * steps, model.config.vocab()), IntTensor.wrap(target, batch * steps));
        optimizer.zeroGrad();
        loss.backward();
        if (clip > 0) Clip.gradNorm(params, clip);
        optimizer.step();
        iteration++;
        if (++position == batchesPerEpoch) {
            position = 0;
            state = null;
        } else {
            state = out.state().detach();
        }
        return loss.item();
    }

    public long iteration() {
        return iteration;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /**
     * Mean cross-entropy (nats per character) of predicting each character of {@code ids} from the ones before it,
     * read as one stream in chunks of {@code chunk} with the state carried across; perplexity is its exp.
     */
    public static double evaluate(CharLM model, int[] ids, int chunk) {
        return evaluate(model, ids, 1, chunk);
    }

    /**
     * The same over {@code streams} contiguous pieces of {@code ids} read side by side (a batch per chunk), which is
     * faster; the characters past streams × ((length − 1) / streams) are not scored.
     */
    public static double evaluate(CharLM model, int[] ids, int streams, int chunk) {
        if (ids.length < streams + 1)
            throw new IllegalArgumentException("CharLMTrainer: evaluation needs at least " + (streams + 1) + " characters, got " + ids.length);
        int len = (ids.length - 1) / streams;
        boolean wasTraining = model.isTraining();
        model.eval();
        double sum = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            CharLM.State state = null;
            for (int from = 0; from < len; from += chunk) {
                int n = Math.min(chunk, len - from);
                int[] in = new int[streams * n], target = new int[streams * n];
                for (int b = 0; b < streams; b++) {
                    System.arraycopy(ids, b * len + from, in, b * n, n);
                    System.arraycopy(ids, b * len + from + 1, target, b * n, n);
                }
                CharLM.Output out = model.forward(IntTensor.wrap(in, streams, n), state);
                sum += F.crossEntropy(out.logits().reshape(streams * n, model.config.vocab()), IntTensor.wrap(target, streams * n),
                        Reduction.SUM, -100, 0f).item();
                state = out.state();
            }
        } finally {
            model.train(wasTraining);
        }
        return sum / ((long) streams * len);
    }
}
