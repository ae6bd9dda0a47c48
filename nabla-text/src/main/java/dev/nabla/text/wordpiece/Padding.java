package dev.nabla.text.wordpiece;

/**
 * How to pad encodings on the right with the padding token (type id 0, attention 0), as Hugging Face's padding:
 * to a fixed length, or to the longest encoding of a batch ({@code maxLength} 0).
 */
public record Padding(int maxLength) {
    public Padding {
        if (maxLength < 0) throw new IllegalArgumentException("padding: max_length " + maxLength + " is negative");
    }

    /** Pads to {@code maxLength} (encodings already longer stay as they are). */
    public static Padding maxLength(int maxLength) { return new Padding(maxLength); }

    /** Pads a batch to its longest encoding. */
    public static Padding longest() { return new Padding(0); }

    boolean toLongest() { return maxLength == 0; }
}
