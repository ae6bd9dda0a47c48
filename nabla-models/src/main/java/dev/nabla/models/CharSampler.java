package dev.nabla.models;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;

/**
 * Generates text from a {@link CharLM}: the prompt primes the state, then each next character is drawn from
 * softmax(logits / temperature) restricted to the topK most likely (topK ≤ 0: all). Temperature 0 takes the most
 * likely character (ties to the lower id).
 */
public final class CharSampler {
    private CharSampler() {}

    /** The prompt followed by {@code length} generated characters. */
    public static String sample(CharLM model, CharVocab vocab, String prompt, int length, double temperature, int topK, Generator g) {
        if (prompt.isEmpty()) throw new IllegalArgumentException("CharSampler: the prompt must hold at least one character");
        if (!(temperature >= 0)) throw new IllegalArgumentException("CharSampler: temperature must be >= 0, got " + temperature);
        if (length < 0) throw new IllegalArgumentException("CharSampler: length must be >= 0, got " + length);
        boolean wasTraining = model.isTraining();
        model.eval();
        StringBuilder out = new StringBuilder(prompt);
        try (NoGrad ignored = NoGrad.enter()) {
            int[] ids = vocab.encode(prompt);
            CharLM.Output o = model.forward(IntTensor.wrap(ids, 1, ids.length), null);
            for (int i = 0; i < length; i++) {
                float[] all = o.logits().contiguous().toArray();
                int v = vocab.size();
                float[] last = new float[v];
                System.arraycopy(all, all.length - v, last, 0, v);
                int next = pick(last, temperature, topK, g);
                out.append(vocab.charAt(next));
                o = model.forward(IntTensor.wrap(new int[] {next}, 1, 1), o.state());
            }
        } finally {
            model.train(wasTraining);
        }
        return out.toString();
    }

    /** A draw from softmax(logits / temperature) over the topK largest logits. */
    static int pick(float[] logits, double temperature, int topK, Generator g) {
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
        double u = g.nextDouble() * sum;
        for (int i = 0; i < v; i++) {
            u -= p[i];
            if (u < 0 && p[i] > 0) return i;
        }
        return best; // rounding left u ≥ 0: the last mass belongs to the most likely character
    }
}
