package dev.nabla.models;

import java.util.List;
import java.util.Map;

/**
 * The tokens a language model predicts, numbered 0..size-1: characters ({@link CharVocab}) or words
 * ({@link WordVocab}). It turns text into ids and back, and describes itself as JSON-friendly values so that a
 * model file carries its vocabulary.
 */
public sealed interface TokenVocab permits CharVocab, WordVocab {
    int size();

    /** The ids of the tokens of {@code text}. */
    int[] encode(CharSequence text);

    /** The text of {@code ids}, as close to what was encoded as the tokenisation allows. */
    String decode(int[] ids);

    /** "character" or "word": what one token is, for messages such as "nats per word". */
    String unit();

    /** This vocabulary as JSON-friendly values; {@link #fromDescription} reads it back. */
    Map<String, Object> describe();

    static TokenVocab fromDescription(Map<?, ?> d) {
        Object kind = d.get("kind");
        if ("characters".equals(kind) && d.get("chars") instanceof String chars) return CharVocab.of(chars);
        if ("words".equals(kind) && d.get("words") instanceof List<?> words)
            return WordVocab.of(words.stream().map(String::valueOf).toList());
        throw new IllegalArgumentException("not a vocabulary description: kind " + kind);
    }
}
