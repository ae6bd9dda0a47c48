package dev.nabla.text.bpe;

/**
 * GPT-2's reversible map from the 256 byte values to printable characters, so that a vocabulary file can spell every
 * byte sequence as text: the printable Latin-1 bytes ({@code !}..{@code ~}, {@code ¡}..{@code ¬}, {@code ®}..{@code ÿ})
 * stand for themselves, and the other 68 (controls, space, soft hyphen...) take U+0100, U+0101... in byte order, so
 * that the space byte is {@code Ġ} (U+0120) and newline is {@code Ċ} (U+010A).
 */
public final class ByteLevel {
    private static final char[] CHAR = new char[256];
    private static final int[] BYTE = new int[512];
    /** Bytes in GPT-2's order: the self-mapped ones first, then the rest; a byte's index here is its id in GPT-2. */
    private static final int[] ORDER = new int[256];

    static {
        java.util.Arrays.fill(BYTE, -1);
        int k = 0;
        for (int b = 0; b < 256; b++)
            if (printable(b)) { CHAR[b] = (char) b; ORDER[k++] = b; }
        int next = 256;
        for (int b = 0; b < 256; b++)
            if (!printable(b)) { CHAR[b] = (char) next++; ORDER[k++] = b; }
        for (int b = 0; b < 256; b++) BYTE[CHAR[b]] = b;
    }

    private ByteLevel() {}

    private static boolean printable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    /** The character that stands for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return CHAR[b & 0xFF];
    }

    /** The byte that character {@code c} stands for, or -1 if it stands for none. */
    public static int byteOf(int c) {
        return c >= 0 && c < BYTE.length ? BYTE[c] : -1;
    }

    /** The byte with GPT-2 id {@code i} (0..255): the order of the base vocabulary in GPT-2's encoder.json. */
    public static int byteAt(int i) {
        return ORDER[i];
    }

    /** The bytes that a byte-level string spells, or null if some character is not in the map. */
    public static byte[] decode(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            int b = byteOf(s.charAt(i));
            if (b < 0) return null;
            out[i] = (byte) b;
        }
        return out;
    }
}
