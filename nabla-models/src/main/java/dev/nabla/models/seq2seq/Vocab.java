package dev.nabla.models.seq2seq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ↔ id for one side of a sequence-to-sequence task: ids 0, 1, 2 are {@code <pad>}, {@code <bos>} and
 * {@code <eos>}, then the task's tokens in the given order.
 */
public final class Vocab {
    public static final int PAD = 0, BOS = 1, EOS = 2;
    private static final List<String> SPECIALS = List.of("<pad>", "<bos>", "<eos>");

    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    public Vocab(List<String> taskTokens) {
        tokens = new ArrayList<>(SPECIALS);
        tokens.addAll(taskTokens);
        for (int i = 0; i < tokens.size(); i++)
            if (ids.put(tokens.get(i), i) != null) throw new IllegalArgumentException("Vocab: token '" + tokens.get(i) + "' appears twice");
    }

    public int size() {
        return tokens.size();
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) throw new IndexOutOfBoundsException("Vocab: id " + id + " out of range for size " + tokens.size());
        return tokens.get(id);
    }

    public int id(String token) {
        Integer i = ids.get(token);
        if (i == null) throw new IllegalArgumentException("Vocab: unknown token '" + token + "'");
        return i;
    }

    public int[] encode(List<String> toks) {
        return toks.stream().mapToInt(this::id).toArray();
    }

    /** The tokens of ids, stopping at the first {@code <eos>} and skipping {@code <pad>} and {@code <bos>}. */
    public List<String> decode(int[] idList) {
        List<String> out = new ArrayList<>();
        for (int i : idList) {
            if (i == EOS) break;
            if (i != PAD && i != BOS) out.add(token(i));
        }
        return out;
    }
}
