package dev.nabla.models;

import dev.nabla.autograd.NoGrad;
import dev.nabla.nn.F;
import dev.nabla.nn.Reduction;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Clip;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link RnnLM} the char-rnn way: the text is cut into {@code batch} contiguous streams, each iteration
 * reads the next {@code steps} tokens of every stream, and the recurrent state is carried (detached) from one
 * iteration to the next; at the end of the streams it starts over from zero state. Adam, gradient-norm clipping.
 * Given the model's generator seed and a fixed thread count, the losses are the same run after run, and a run
 * resumed from a checkpoint ({@link RnnLMFile#save(java.nio.file.Path, RnnLM, TokenVocab, long, RnnLMTrainer, Map)})
 * goes on exactly as the one that never stopped: the Adam moments, the position in the streams and the carried
 * state are saved with the weights.
 */
public final class RnnLMTrainer {
    private final RnnLM model;
    private final int[] text;
    private final int batch, steps, streamLength, batchesPerEpoch;
    private final double clip;
    private final Optimizer optimizer;
    private final List<Tensor> params;
    private RnnLM.State state;
    private int position; // batch index within the epoch
    private long iteration;

    /**
     * @param text  the training text's ids; it must hold at least batch·steps + 1 of them
     * @param clip  the largest gradient norm (as torch.nn.utils.clip_grad_norm_), or ≤ 0 for none
     */
    public RnnLMTrainer(RnnLM model, int[] text, int batch, int steps, double lr, double clip) {
        if (batch <= 0 || steps <= 0)
            throw new IllegalArgumentException("RnnLMTrainer: batch and steps must be > 0, got batch=" + batch + ", steps=" + steps);
        this.model = model;
        this.text = text;
        this.batch = batch;
        this.steps = steps;
        this.clip = clip;
        streamLength = (text.length - 1) / batch;
        batchesPerEpoch = streamLength / steps;
        if (batchesPerEpoch == 0)
            throw new IllegalArgumentException("RnnLMTrainer: a text of " + text.length + " tokens is too short for "
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
        RnnLM.Output out = model.forward(IntTensor.wrap(in, batch, steps), state);
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

    public RnnLM model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Where training stands: the iteration, the batch index within the epoch and the sizes a resumed run must share. */
    Map<String, Object> progress() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("iteration", iteration);
        p.put("position", position);
        p.put("batch", batch);
        p.put("steps", steps);
        return p;
    }

    /** The recurrent state carried into the next iteration (none at the start of an epoch). */
    Map<String, Tensor> carried() {
        if (state == null) return Map.of();
        return state.c() == null ? Map.of("h", state.h()) : Map.of("h", state.h(), "c", state.c());
    }

    /** Puts training back where {@link #progress} and {@link #carried} saw it. */
    void restore(Map<?, ?> progress, Map<String, Tensor> carried) {
        if (!(progress.get("iteration") instanceof Number it) || !(progress.get("position") instanceof Number pos)
                || !(progress.get("batch") instanceof Number b) || !(progress.get("steps") instanceof Number st))
            throw new IllegalArgumentException("the training progress is incomplete: " + progress);
        if (b.intValue() != batch || st.intValue() != steps)
            throw new IllegalArgumentException("the checkpoint was trained with batch " + b + " × " + st + " steps, this run has "
                    + batch + " × " + steps);
        if (pos.intValue() < 0 || pos.intValue() >= batchesPerEpoch)
            throw new IllegalArgumentException("the checkpoint stands at batch " + pos + " of an epoch of " + batchesPerEpoch
                    + ": was it trained on another text?");
        iteration = it.longValue();
        position = pos.intValue();
        state = carried.isEmpty() ? null : new RnnLM.State(carried.get("h"), carried.get("c"));
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /**
     * Mean cross-entropy (nats per token) of predicting each token of {@code ids} from the ones before it,
     * read as one stream in chunks of {@code chunk} with the state carried across; perplexity is its exp.
     */
    public static double evaluate(RnnLM model, int[] ids, int chunk) {
        return evaluate(model, ids, 1, chunk);
    }

    /**
     * The same over {@code streams} contiguous pieces of {@code ids} read side by side (a batch per chunk), which is
     * faster; the tokens past streams × ((length − 1) / streams) are not scored.
     */
    public static double evaluate(RnnLM model, int[] ids, int streams, int chunk) {
        if (ids.length < streams + 1)
            throw new IllegalArgumentException("RnnLMTrainer: evaluation needs at least " + (streams + 1) + " tokens, got " + ids.length);
        int len = (ids.length - 1) / streams;
        boolean wasTraining = model.isTraining();
        model.eval();
        double sum = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            RnnLM.State state = null;
            for (int from = 0; from < len; from += chunk) {
                int n = Math.min(chunk, len - from);
                int[] in = new int[streams * n], target = new int[streams * n];
                for (int b = 0; b < streams; b++) {
                    System.arraycopy(ids, b * len + from, in, b * n, n);
                    System.arraycopy(ids, b * len + from + 1, target, b * n, n);
                }
                RnnLM.Output out = model.forward(IntTensor.wrap(in, streams, n), state);
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
