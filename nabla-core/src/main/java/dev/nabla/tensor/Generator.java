package dev.nabla.tensor;

/**
 * A seeded random number generator (xoshiro256**, seeded through splitmix64), like torch.Generator.
 * Fills are sequential, so the same seed gives the same numbers whatever the thread count.
 * Not thread-safe: give each thread its own generator.
 */
public final class Generator {
    private static Generator global = new Generator(0x5eedL);

    private long s0, s1, s2, s3;
    private double spareGaussian;
    private boolean hasSpare;
    private long seed;

    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The generator used when none is given (like torch's default generator). */
    public static synchronized Generator global() {
        return global;
    }

    /** Re-seeds the default generator, like torch.manual_seed. */
    public static synchronized void seed(long seed) {
        global.manualSeed(seed);
    }

    public Generator manualSeed(long seed) {
        this.seed = seed;
        long x = seed;
        x += 0x9E3779B97F4A7C15L; s0 = mix(x);
        x += 0x9E3779B97F4A7C15L; s1 = mix(x);
        x += 0x9E3779B97F4A7C15L; s2 = mix(x);
        x += 0x9E3779B97F4A7C15L; s3 = mix(x);
        hasSpare = false;
        return this;
    }

    public long initialSeed() {
        return seed;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        // Lemire's multiply-shift with rejection: unbiased
        long m = (nextLong() >>> 32) * bound;
        if ((m & 0xFFFFFFFFL) < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while ((m & 0xFFFFFFFFL) < threshold) m = (nextLong() >>> 32) * bound;
        }
        return (int) (m >>> 32);
    }

    /** Standard normal, by the Box-Muller transform (both values used). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u1;
        do u1 = nextDouble(); while (u1 <= 0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** The full state, for checkpoints. */
    public long[] getState() {
        return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian), seed};
    }

    public void setState(long[] st) {
        if (st.length != 7) throw new IllegalArgumentException("Generator.setState: expected 7 longs, got " + st.length);
        s0 = st[0]; s1 = st[1]; s2 = st[2]; s3 = st[3];
        hasSpare = st[4] != 0;
        spareGaussian = Double.longBitsToDouble(st[5]);
        seed = st[6];
    }
}
