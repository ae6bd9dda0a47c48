package dev.nabla.text.bpe;

/**
 * The ids of pieces already encoded, looked up by a range of the text without copying it out. Open addressing over
 * immutable entries, so that threads may share it without locks: a racing reader at worst misses an entry that is
 * being written and encodes the piece again. When half full it starts over empty.
 */
final class PieceCache {
    private static final int SLOTS = 1 << 18, PROBES = 8;

    private record Entry(String key, int hash, int[] ids) {}

    private volatile Entry[] table = new Entry[SLOTS];
    private int size;

    static int hash(String text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) h = 31 * h + text.charAt(i);
        return h ^ (h >>> 15) ^ (h >>> 7);
    }

    /** The ids of {@code text[start..end)}, or null. */
    int[] get(String text, int start, int end, int hash) {
        Entry[] t = table;
        int len = end - start;
        for (int k = 0, i = hash & (SLOTS - 1); k < PROBES; k++, i = (i + 1) & (SLOTS - 1)) {
            Entry e = t[i];
            if (e == null) return null;
            if (e.hash == hash && e.key.length() == len && e.key.regionMatches(0, text, start, len)) return e.ids;
        }
        return null;
    }

    void put(String piece, int hash, int[] ids) {
        Entry[] t = table;
        if (size >= SLOTS / 2) {
            table = t = new Entry[SLOTS];
            size = 0;
        }
        int home = hash & (SLOTS - 1);
        for (int k = 0, i = home; k < PROBES; k++, i = (i + 1) & (SLOTS - 1))
            if (t[i] == null) {
                t[i] = new Entry(piece, hash, ids);
                size++;
                return;
            }
        t[home] = new Entry(piece, hash, ids);
    }
}
