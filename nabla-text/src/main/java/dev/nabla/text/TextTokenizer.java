package dev.nabla.text;

/**
 * What a language model needs of its tokenizer: text to ids 0..size-1 and back, and the id that ends a text, if any.
 * Byte-level BPE ({@link dev.nabla.text.bpe.BpeTokenizer}) and characters (nabla-models' CharVocab) are two.
 * (Not to be confused with {@link Tokenizer}, which splits text into words for word vectors.)
 */
public interface TextTokenizer {
    /** One more than the largest id. */
    int size();

    /** The ids of the tokens of {@code text}. */
    int[] encode(CharSequence text);

    /** The text of {@code ids}, as close to what was encoded as the tokenisation allows. */
    String decode(int[] ids);

    /** The id of the token that ends a text (GPT-2's {@code <|endoftext|>}), or -1 when there is none. */
    default int endOfText() {
        return -1;
    }
}
