package dev.nabla.models.gpt;

import java.util.List;

/**
 * How {@link Generation} chooses tokens, as Hugging Face's generate: at most maxNewTokens; logits of tokens already
 * in the sequence divided (positive) or multiplied (negative) by repetitionPenalty (1: off); temperature 0 takes the
 * most likely token, otherwise a draw from softmax(logits / temperature) limited to the topK most likely (0: all) and
 * to the nucleus of probability topP (1: all), from a generator seeded with seed; generation of a row ends at
 * eosTokenId (-1: none) or when its text contains one of the stop strings (the text ends before it).
 */
public record GenerationConfig(int maxNewTokens, double temperature, int topK, double topP, double repetitionPenalty,
                               List<String> stop, long seed, int eosTokenId) {
    public GenerationConfig {
        if (maxNewTokens < 0) throw new IllegalArgumentException("generate: max new tokens must be >= 0, got " + maxNewTokens);
        if (!(temperature >= 0)) throw new IllegalArgumentException("generate: temperature must be >= 0, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("generate: top-k must be >= 0, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("generate: top-p must be in (0, 1], got " + topP);
        if (!(repetitionPenalty > 0)) throw new IllegalArgumentException("generate: repetition penalty must be > 0, got " + repetitionPenalty);
        stop = List.copyOf(stop);
        for (String s : stop) if (s.isEmpty()) throw new IllegalArgumentException("generate: a stop string must not be empty");
    }

    /** The most likely token each step, no penalty, no stop. */
    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, 0, 0, 1, 1, List.of(), 0, -1);
    }

    /** Draws at the given temperature from all tokens, seeded. */
    public static GenerationConfig sampling(int maxNewTokens, double temperature, long seed) {
        return new GenerationConfig(maxNewTokens, temperature, 0, 1, 1, List.of(), seed, -1);
    }

    public GenerationConfig withTopK(int k) {
        return new GenerationConfig(maxNewTokens, temperature, k, topP, repetitionPenalty, stop, seed, eosTokenId);
    }

    public GenerationConfig withTopP(double p) {
        return new GenerationConfig(maxNewTokens, temperature, topK, p, repetitionPenalty, stop, seed, eosTokenId);
    }

    public GenerationConfig withRepetitionPenalty(double r) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, r, stop, seed, eosTokenId);
    }

    public GenerationConfig withStop(List<String> s) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, s, seed, eosTokenId);
    }

    public GenerationConfig withEos(int id) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, stop, seed, id);
    }
}
