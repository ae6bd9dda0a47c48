package dev.nabla.nn;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * The projected keys and values (B, H, S, D) of one attention layer, kept between calls for incremental decoding.
 * An appending cache (self-attention) adds each call's new keys and values after the old ones; a fixed cache
 * (cross-attention on an encoder's memory) is filled by its first call and reused unchanged, so the memory is
 * projected once. Pass the same cache object to the layer's forward at every decoding step.
 */
public final class KVCache {
    private final boolean fixed;
    private Tensor keys, values;

    private KVCache(boolean fixed) {
        this.fixed = fixed;
    }

    /** For self-attention: every call appends its keys and values. */
    public static KVCache appending() {
        return new KVCache(false);
    }

    /** For cross-attention: the first call's keys and values are kept and reused. */
    public static KVCache fixed() {
        return new KVCache(true);
    }

    public boolean isFixed() {
        return fixed;
    }

    /** A fixed cache that already holds its keys and values (later calls do not project key and value). */
    public boolean isFilled() {
        return keys != null;
    }

    /** The number of cached positions S. */
    public int length() {
        return keys == null ? 0 : keys.size(2);
    }

    /** (B, H, S, D), or null when empty. */
    public Tensor keys() {
        return keys;
    }

    /** (B, H, S, Dv), or null when empty. */
    public Tensor values() {
        return values;
    }

    public void clear() {
        keys = values = null;
    }

    /** Adds k (B, H, S', D) and v (B, H, S', Dv) after the cached positions. */
    public void append(Tensor k, Tensor v) {
        if (fixed && keys != null) throw new IllegalStateException("KVCache: a fixed cache is filled only once");
        if (keys != null && (!Arrays.equals(Arrays.copyOf(k.shape(), 2), Arrays.copyOf(keys.shape(), 2))
                || k.size(3) != keys.size(3) || v.size(3) != values.size(3)))
            throw new IllegalArgumentException("KVCache: new keys " + Shape.str(k.shape()) + " and values " + Shape.str(v.shape())
                    + " do not extend the cached keys " + Shape.str(keys.shape()) + " and values " + Shape.str(values.shape()));
        keys = keys == null ? k : Tensor.cat(List.of(keys, k), 2);
        values = values == null ? v : Tensor.cat(List.of(values, v), 2);
    }
}
