package dev.nabla.data;

import dev.nabla.tensor.Generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers over datasets: random splits and permutations. */
public final class Datasets {
    private Datasets() {}

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates, drawn from g). */
    public static int[] randperm(int n, Generator g) {
        if (n < 0) throw new IllegalArgumentException("randperm: n must be >= 0, got " + n);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /** Splits a dataset into disjoint random subsets of these sizes (which must add up to its size), as random_split. */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] sizes, Generator g) {
        long total = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("randomSplit: sizes must be >= 0, got " + Arrays.toString(sizes));
            total += s;
        }
        if (total != dataset.size())
            throw new IllegalArgumentException("randomSplit: sizes " + Arrays.toString(sizes) + " add up to " + total
                    + ", but the dataset has " + dataset.size() + " examples");
        int[] perm = randperm(dataset.size(), g);
        List<Subset<T>> out = new ArrayList<>(sizes.length);
        int at = 0;
        for (int s : sizes) {
            out.add(new Subset<>(dataset, Arrays.copyOfRange(perm, at, at + s)));
            at += s;
        }
        return out;
    }

    /**
     * Splits by fractions that add up to 1, as random_split with fractions: floor(f * n) each, then the remainder
     * handed out one by one to the splits in order.
     */
    public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator g) {
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException("randomSplit: fractions must be in [0, 1], got " + Arrays.toString(fractions));
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException("randomSplit: fractions " + Arrays.toString(fractions) + " add up to " + sum + ", not 1");
        int n = dataset.size();
        int[] sizes = new int[fractions.length];
        int used = 0;
        for (int i = 0; i < sizes.length; i++) used += sizes[i] = (int) Math.floor(fractions[i] * n);
        for (int i = 0; used < n; i = (i + 1) % sizes.length, used++) sizes[i]++;
        return randomSplit(dataset, sizes, g);
    }
}
