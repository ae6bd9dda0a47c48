package dev.nabla.nn;

/** How a loss reduces over elements, as PyTorch's reduction argument. */
public enum Reduction {
    NONE, MEAN, SUM;

    /** Parses PyTorch's spelling: "none", "mean" or "sum". */
    public static Reduction of(String s) {
        return switch (s) {
            case "none" -> NONE;
            case "mean" -> MEAN;
            case "sum" -> SUM;
            default -> throw new IllegalArgumentException("reduction must be 'none', 'mean' or 'sum', got '" + s + "'");
        };
    }
}
