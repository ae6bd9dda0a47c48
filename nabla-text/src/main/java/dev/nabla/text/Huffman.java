package dev.nabla.text;

/**
 * The Huffman tree of hierarchical softmax, built as word2vec.c builds it. Words are leaves 0..V-1 in frequency
 * order; the V-1 inner nodes are numbered in the order they are made, the root last (V-2). Each step joins the two
 * smallest of (the rarest leaf not yet joined, the oldest inner node not yet joined), a leaf winning only when
 * strictly smaller; the second node taken is bit 1. A word's path from the root down lists, at depth d, the inner
 * node {@link #points} and the bit {@link #codes} of the branch taken. Paths are stored flat:
 * word w's are at {@code [offset(w), offset(w) + length(w))}.
 */
public final class Huffman {
    private final int[] offsets;
    private final byte[] codes;
    private final int[] points;

    private Huffman(int[] offsets, byte[] codes, int[] points) {
        this.offsets = offsets;
        this.codes = codes;
        this.points = points;
    }

    /** The tree of {@code counts}, which must be in non-increasing order (vocabulary order), at least two of them. */
    public static Huffman build(long[] counts) {
        int v = counts.length;
        if (v < 2) throw new IllegalArgumentException("Huffman: hierarchical softmax needs at least 2 words, got " + v);
        long[] count = new long[2 * v - 1];
        int[] parent = new int[2 * v - 1];
        byte[] bit = new byte[2 * v - 1];
        for (int i = 0; i < v; i++) {
            if (i > 0 && counts[i] > counts[i - 1])
                throw new IllegalArgumentException("Huffman: counts must be in non-increasing order (at " + i + ")");
            count[i] = counts[i];
        }
        int leaf = v - 1, inner = v; // next candidates: rarest unjoined leaf, oldest unjoined inner node
        for (int made = v; made < 2 * v - 1; made++) {
            int[] two = new int[2];
            for (int k = 0; k < 2; k++) {
                boolean takeLeaf = leaf >= 0 && (inner >= made || count[leaf] < count[inner]);
                two[k] = takeLeaf ? leaf-- : inner++;
            }
            count[made] = count[two[0]] + count[two[1]];
            parent[two[0]] = made;
            parent[two[1]] = made;
            bit[two[1]] = 1;
        }
        int root = 2 * v - 2;
        int[] offsets = new int[v + 1];
        for (int w = 0; w < v; w++) {
            int depth = 0;
            for (int n = w; n != root; n = parent[n]) depth++;
            offsets[w + 1] = offsets[w] + depth;
        }
        byte[] codes = new byte[offsets[v]];
        int[] points = new int[offsets[v]];
        for (int w = 0; w < v; w++) {
            int d = offsets[w + 1]; // fill from the leaf up
            for (int n = w; n != root; n = parent[n]) {
                d--;
                codes[d] = bit[n];
                points[d] = parent[n] - v;
            }
        }
        return new Huffman(offsets, codes, points);
    }

    public int size() { return offsets.length - 1; }

    /** Where word w's path starts in {@link #codes()} and {@link #points()}. */
    public int offset(int w) { return offsets[w]; }

    /** The depth of word w's leaf: the length of its code. */
    public int length(int w) { return offsets[w + 1] - offsets[w]; }

    /** All codes, flat (not a copy: read only). */
    public byte[] codes() { return codes; }

    /** All points (inner-node ids, 0..V-2), flat (not a copy: read only). */
    public int[] points() { return points; }

    /** Word w's code as a string of 0s and 1s, root first. */
    public String code(int w) {
        StringBuilder b = new StringBuilder();
        for (int i = offsets[w]; i < offsets[w + 1]; i++) b.append(codes[i]);
        return b.toString();
    }
}
