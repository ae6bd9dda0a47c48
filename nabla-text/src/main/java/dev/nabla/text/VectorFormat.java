package dev.nabla.text;

import java.util.Locale;

/**
 * The word-vector file formats. All hold one vector per word in vocabulary order, the word first, then its numbers;
 * words end at a space (so they cannot hold one).
 */
public enum VectorFormat {
    /** word2vec's text output, also fastText's .vec: a "count dim" header line, then "word v1 ... vdim" lines. */
    WORD2VEC_TEXT,
    /**
     * word2vec's binary output (-binary 1), as its C tool writes it: the "count dim" header line, then per word the
     * word, a space, dim little-endian float32 and a newline.
     */
    WORD2VEC_BINARY,
    /** GloVe's text output: "word v1 ... vdim" lines without a header; dim is the first line's count of numbers. */
    GLOVE;

    /** The format a name on a command line means: word2vec / text / vec, binary / bin, glove. */
    public static VectorFormat forName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "word2vec", "text", "txt", "vec", "fasttext", "word2vec_text" -> WORD2VEC_TEXT;
            case "binary", "bin", "word2vec_binary" -> WORD2VEC_BINARY;
            case "glove" -> GLOVE;
            default -> throw new IllegalArgumentException("unknown vector format '" + name
                    + "': use word2vec (text, also fastText .vec), binary (word2vec -binary 1) or glove");
        };
    }
}
