package dev.nabla.text;

import java.util.Arrays;

/**
 * Counts keyed by non-negative longs (packed n-grams): open addressing with linear probing on primitive arrays,
 * so counting millions of n-grams boxes nothing. Slot order is the iteration order.
 */
final class LongCounts {
    private static final long EMPTY = -1L;
    private long[] keys;
    private int[] values;
    private int size;

    LongCounts(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
    }

    int size() { return size; }

    /** Adds {@code n} to the count of {@code key} and returns the slot it lives in. */
    int add(long key, int n) {
        if (key < 0) throw new IllegalArgumentException("negative key " + key);
        if (2 * (size + 1) > keys.length) grow();
        int slot = find(key);
        if (keys[slot] == EMPTY) {
            keys[slot] = key;
            size++;
        }
        values[slot] += n;
        return slot;
    }

    /** The count of {@code key}, 0 when absent. */
    int get(long key) {
        int slot = find(key);
        return keys[slot] == EMPTY ? 0 : values[slot];
    }

    /** The slot holding {@code key}, or -1 when absent. */
    int slot(long key) {
        int slot = find(key);
        return keys[slot] == EMPTY ? -1 : slot;
    }

    int capacity() { return keys.length; }
    boolean used(int slot) { return keys[slot] != EMPTY; }
    long key(int slot) { return keys[slot]; }
    int value(int slot) { return values[slot]; }

    private int find(long key) {
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (keys[slot] != EMPTY && keys[slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    private static long mix(long z) {   // splitmix64's finaliser: packed keys are far from random
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new int[keys.length];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == EMPTY) continue;
            int slot = find(oldKeys[i]);
            keys[slot] = oldKeys[i];
            values[slot] = oldValues[i];
        }
    }
}
