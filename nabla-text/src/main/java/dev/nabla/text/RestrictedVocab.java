package dev.nabla.text;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The words an evaluation may use, as gensim's evaluate_word_pairs and evaluate_word_analogies pick them: the first
 * {@code restrict} (most frequent) words; case-insensitively, every word is folded to upper case and a folded word
 * means the most frequent of its spellings.
 */
final class RestrictedVocab {
    /** How many rows (from the first) the words may come from. */
    final int restrict;
    private final boolean caseInsensitive;
    private final Map<String, Integer> rows = new HashMap<>();

    RestrictedVocab(KeyedVectors kv, int restrict, boolean caseInsensitive) {
        if (restrict < 1) throw new IllegalArgumentException("restrictVocab must be >= 1, got " + restrict);
        this.restrict = Math.min(restrict, kv.size());
        this.caseInsensitive = caseInsensitive;
        for (int i = 0; i < this.restrict; i++) rows.putIfAbsent(fold(kv.word(i)), i);
    }


    String fold(String word) {
        return caseInsensitive ? word.toUpperCase(Locale.ROOT) : word;
    }

    /** The row a word (folded) stands for, or -1 outside the restricted words. */
    int row(String word) {
        return rows.getOrDefault(fold(word), -1);
    }
}
