package dev.nabla.models;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;

/**
 * Generates text from a {@link RnnLM}: the prompt primes the state, then each next token (character or word) is drawn
 * from softmax(logits / temperature) restricted to the topK most likely (topK ≤ 0: all). Temperature 0 takes the most
 * likely token (ties to the lower id).
 */
public final class TokenSampler {
    private TokenSampler() {}

    /** The prompt followed by {@code length} generated tokens, decoded by the vocabulary. */
    public static String sample(RnnLM model, TokenVocab vocab, String prompt, int length, double temperature, int topK, Generator g) {
        int[] ids = vocab.encode(prompt);
        if (ids.length == 0) throw new IllegalArgumentException("TokenSampler: the prompt must hold at least one " + vocab.unit());
        if (!(temperature >= 0)) throw new IllegalArgumentException("TokenSampler: temperature must be >= 0, got " + temperature);
        if (length < 0) throw new IllegalArgumentException("TokenSampler: length must be >= 0, got " + length);
        boolean wasTraining = model.isTraining();
        model.eval();
        int[] out = java.util.Arrays.copyOf(ids, ids.length + length);
        try (NoGrad ignored = NoGrad.enter()) {
            RnnLM.Output o = model.forward(IntTensor.wrap(ids, 1, ids.length), null);
            for (int i = 0; i < length; i++) {
                float[] all = o.logits().contiguous().toArray();
                int v = vocab.size();
                float[] last = new float[v];
                System.arraycopy(all, all.length - v, last, 0, v);
                int next = pick(last, temperature, topK, g);
                out[ids.length + i] = next;
                o = model.forward(IntTensor.wrap(new int[] {next}, 1, 1), o.state());
            }
        } finally {
            model.train(wasTraining);
        }
        return vocab.decode(out);
    }

    /** A draw from softmax(logits / temperature) over the topK largest logits. */
    static int pick(float[] logits, double temperature, int topK, Generator g) {
        return pick(logits, temperature, topK, 1.0, g);
    }

    /**
     * A draw from softmax(logits / temperature) restricted, as Hugging Face's warpers in this order, to the topK
     * largest logits (topK ≤ 0: all), then to the nucleus: the most likely tokens whose probabilities sum to at
     * least topP (topP ≥ 1: all). Temperature 0 returns the most likely token (ties to the lower id).
     */
    public static int pick(float[] logits, double temperature, int topK, double topP, Generator g) {
        if (!(temperature >= 0)) throw new IllegalArgumentException("pick: temperature must be >= 0, got " + temperature);
        if (!(topP > 0)) throw new IllegalArgumentException("pick: top-p must be > 0, got " + topP);
        int v = logits.length, best = 0;
        for (int i = 1; i < v; i++) if (logits[i] > logits[best]) best = i;
        if (temperature == 0) return best;
        float cut = Float.NEGATIVE_INFINITY;
        if (topK > 0 && topK < v) {
            float[] sorted = logits.clone();
            java.util.Arrays.sort(sorted);
            cut = sorted[v - topK];
        }
        double[] p = new double[v];
        double sum = 0;
        for (int i = 0; i < v; i++) {
            if (logits[i] < cut) continue;
            p[i] = Math.exp((logits[i] - logits[best]) / temperature);
            sum += p[i];
        }
        if (topP < 1) sum = nucleus(p, sum, topP);
        double u = g.nextDouble() * sum;
        for (int i = 0; i < v; i++) {
            u -= p[i];
            if (u < 0 && p[i] > 0) return i;
        }
        return best; // rounding left u ≥ 0: the last mass belongs to the most likely token
    }

    /** Zeroes the least likely tokens whose cumulative probability stays ≤ 1 - topP (as Hugging Face); returns the new sum. */
    private static double nucleus(double[] p, double sum, double topP) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double cum = 0, kept = sum;
        for (int k = 0; k < order.length - 1; k++) {
            int i = order[k];
            cum += p[i] / sum;
            if (cum > 1 - topP) break;
            kept -= p[i];
            p[i] = 0;
        }
        return kept;
    }
}
