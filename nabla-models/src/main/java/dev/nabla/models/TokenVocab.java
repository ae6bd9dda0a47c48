package dev.nabla.models;

import dev.nabla.text.TextTokenizer;

import java.util.List;
import java.util.Map;

/**
 * The tokens a language model predicts, numbered 0..size-1: characters ({@link CharVocab}) or words
 * ({@link WordVocab}). It turns text into ids and back, and describes itself as JSON-friendly values so that a
 * model file carries its vocabulary.
 */
public sealed interface TokenVocab extends TextTokenizer permits CharVocab, WordVocab {
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
