package dev.nabla.text.wordpiece;

/**
 * How to cut encodings to {@code maxLength} tokens, special tokens included, as Hugging Face's truncation strategies:
 * LONGEST_FIRST shortens the longer text of a pair (both to about half when both are long), ONLY_FIRST and
 * ONLY_SECOND shorten one text and fail if that is not enough.
 */
public record Truncation(int maxLength, Strategy strategy) {
    public enum Strategy { LONGEST_FIRST, ONLY_FIRST, ONLY_SECOND }

    public Truncation {
        if (maxLength < 0) throw new IllegalArgumentException("truncation: max_length " + maxLength + " is negative");
    }

    public static Truncation longestFirst(int maxLength) { return new Truncation(maxLength, Strategy.LONGEST_FIRST); }

    /**
     * The lengths the two texts keep ({@code n2} is 0 without a second text) so that they fit {@code budget}, the
     * maximum length less the special tokens.
     */
    int[] keep(int n1, int n2, boolean pair, int budget) {
        if (budget < 0) throw new IllegalArgumentException("truncation: max_length " + maxLength + " leaves no room for the special tokens");
        if (n1 + n2 <= budget) return new int[] {n1, n2};
        int remove = n1 + n2 - budget;
        return switch (strategy) {
            case ONLY_FIRST -> {
                if (n1 <= remove) throw tooShort("first", n1, remove);
                yield new int[] {n1 - remove, n2};
            }
            case ONLY_SECOND -> {
                if (!pair) throw new IllegalArgumentException("truncation: only_second needs a pair of texts");
                if (n2 <= remove) throw tooShort("second", n2, remove);
                yield new int[] {n1, n2 - remove};
            }
            case LONGEST_FIRST -> {
                if (!pair) yield new int[] {budget, 0};
                // As tokenizers: the shorter keeps all if it fits in half, else both get half (the second the odd one).
                int shortLen = Math.min(n1, n2), longLen = Math.max(n1, n2);
                int keepShort = shortLen, keepLong = Math.max(shortLen, budget - shortLen);
                if (keepShort + keepLong > budget) { keepShort = budget / 2; keepLong = keepShort + budget % 2; }
                yield n1 > n2 ? new int[] {keepLong, keepShort} : new int[] {keepShort, keepLong};
            }
        };
    }

    private IllegalArgumentException tooShort(String which, int n, int remove) {
        return new IllegalArgumentException("truncation: the " + which + " text has " + n + " tokens, too few to remove "
                + remove + " and fit max_length " + maxLength + " with strategy " + strategy.name().toLowerCase());
    }
}
