package dev.nabla.data;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {
    /** Example i has inputs (i, 100+i, 200+i) and label i: a batch tells which examples it holds. */
    static TensorDataset numbered(int n) {
        float[] x = new float[n * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[3 * i] = i;
            x[3 * i + 1] = 100 + i;
            x[3 * i + 2] = 200 + i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.wrap(x, n, 3), IntTensor.wrap(y, n));
    }

    static List<int[]> epoch(Iterable<Batch> loader) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : loader) {
            int[] ids = b.y().toArray();
            float[] x = b.x().toArray();
            for (int j = 0; j < ids.length; j++) {
                assertEquals(ids[j], x[3 * j]);
                assertEquals(200 + ids[j], x[3 * j + 2]);
            }
            out.add(ids);
        }
        return out;
    }

    @Test
    void tensorDatasetGetsExamplesAndGathersBatches() {
        TensorDataset ds = numbered(10);
        Batch e = ds.get(7);
        assertArrayEquals(new int[] {3}, e.x().shape());
        assertArrayEquals(new float[] {7, 107, 207}, e.x().toArray());
        assertArrayEquals(new int[0], e.y().shape());
        assertEquals(7, e.y().item());
        Batch b = ds.getBatch(new int[] {9, 0, 9});
        assertArrayEquals(new int[] {3, 3}, b.x().shape());
        assertArrayEquals(new float[] {9, 109, 209, 0, 100, 200, 9, 109, 209}, b.x().toArray());
        assertEquals(IntTensor.of(9, 0, 9), b.y());
        assertEquals(3, b.size());
        IndexOutOfBoundsException ex = assertThrows(IndexOutOfBoundsException.class, () -> ds.getBatch(new int[] {1, 10}));
        assertTrue(ex.getMessage().contains("index 10 is out of bounds for dim 0 of size 10"), ex.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> ds.get(-1));
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(4, 2), IntTensor.zeros(5)));
        assertTrue(m.getMessage().contains("[4, 2]") && m.getMessage().contains("[5]"), m.getMessage());
    }

    @Test
    void floatTargetsAndNonContiguousInputs() {
        Tensor x = Tensor.arange(12).reshape(3, 4).t(); // (4, 3), non-contiguous
        Tensor t = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
        TensorDataset ds = new TensorDataset(x, t);
        Batch b = ds.getBatch(new int[] {3, 1});
        assertArrayEquals(new float[] {3, 7, 11, 1, 5, 9}, b.x().toArray());
        assertArrayEquals(new float[] {7, 8, 3, 4}, b.target().toArray());
        assertEquals(null, b.y());
        assertArrayEquals(new float[] {5, 6}, ds.get(2).target().toArray());
    }

    @Test
    void inOrderBatchesWithAndWithoutDropLast() {
        TensorDataset ds = numbered(10);
        DataLoader<Batch> l = new DataLoader<>(ds, 4);
        assertEquals(3, l.numBatches());
        List<int[]> e = epoch(l);
        assertEquals(3, e.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, e.get(0));
        assertArrayEquals(new int[] {8, 9}, e.get(2));
        DataLoader<Batch> d = DataLoader.builder(ds).batchSize(4).dropLast(true).build();
        assertEquals(2, d.numBatches());
        assertEquals(2, epoch(d).size());
        assertEquals(0, DataLoader.builder(numbered(3)).batchSize(4).dropLast(true).build().numBatches());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds).batchSize(0));
        Iterator<Batch> it = d.iterator();
        it.next();
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void shuffleIsANewPermutationEachEpochAndReproducibleFromTheSeed() {
        TensorDataset ds = numbered(23);
        DataLoader<Batch> a = DataLoader.builder(ds).batchSize(5).shuffle(42).build();
        DataLoader<Batch> b = DataLoader.builder(ds).batchSize(5).shuffle(new Generator(42)).build();
        List<int[]> first = null;
        for (int ep = 0; ep < 4; ep++) {
            List<int[]> ea = epoch(a), eb = epoch(b);
            int[] fa = flat(ea);
            assertArrayEquals(fa, flat(eb), "same seed, epoch " + ep);
            int[] sorted = fa.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < 23; i++) assertEquals(i, sorted[i]); // every example exactly once
            if (first == null) first = ea;
            else assertFalse(Arrays.equals(flat(first), fa), "epoch " + ep + " repeats epoch 0's order");
        }
        assertEquals(4, a.epoch());
        assertNotEquals(Arrays.toString(flat(epoch(DataLoader.builder(ds).batchSize(5).shuffle(43).build()))),
                Arrays.toString(flat(epoch(DataLoader.builder(ds).batchSize(5).shuffle(42).build()))));
    }

    static int[] flat(List<int[]> e) {
        return e.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void prefetchGivesTheSameBatches() {
        TensorDataset ds = numbered(1000);
        DataLoader<Batch> plain = DataLoader.builder(ds).batchSize(64).shuffle(7).build();
        DataLoader<Batch> pre = DataLoader.builder(ds).batchSize(64).shuffle(7).prefetch(true).build();
        for (int ep = 0; ep < 3; ep++) {
            List<int[]> a = epoch(plain), b = epoch(pre);
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
        }
    }

    @Test
    void prefetchLoadsTheNextBatchAheadAndPassesErrorsThrough() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        Dataset<int[]> ds = new Dataset<>() {
            public int size() { return 6; }
            public int[] get(int i) { return new int[] {i}; }
            public int[] getBatch(int[] idx) {
                loads.incrementAndGet();
                if (idx[0] == 4) throw new IllegalStateException("bad example 4");
                return idx.clone();
            }
        };
        DataLoader<int[]> l = DataLoader.builder(ds).batchSize(2).prefetch(true).build();
        Iterator<int[]> it = l.iterator();
        assertArrayEquals(new int[] {0, 1}, it.next());
        long until = System.nanoTime() + 5_000_000_000L;
        while (loads.get() < 2 && System.nanoTime() < until) Thread.sleep(1);
        assertEquals(2, loads.get(), "the second batch is loaded before it is asked for");
        assertArrayEquals(new int[] {2, 3}, it.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, it::next);
        assertEquals("bad example 4", e.getMessage());
    }

    @Test
    void stateResumesInTheMiddleOfAnEpoch() {
        TensorDataset ds = numbered(30);
        DataLoader<Batch> ref = DataLoader.builder(ds).batchSize(4).shuffle(5).build();
        List<int[]> all = new ArrayList<>();
        for (int ep = 0; ep < 3; ep++) all.addAll(epoch(ref));

        DataLoader<Batch> a = DataLoader.builder(ds).batchSize(4).shuffle(5).build();
        List<int[]> got = new ArrayList<>(epoch(a));
        Iterator<Batch> it = a.iterator();
        for (int i = 0; i < 3; i++) got.add(it.next().y().toArray());
        Map<String, Object> state = dev.nabla.io.Json.parse(dev.nabla.io.Json.write(a.stateMeta(), 0)) instanceof Map<?, ?> m
                ? cast(m) : null;

        DataLoader<Batch> b = DataLoader.builder(ds).batchSize(4).shuffle(999).build();
        b.loadState(state);
        assertEquals(2, b.epoch());
        got.addAll(epoch(b)); // the rest of epoch 2
        got.addAll(epoch(b)); // epoch 3
        assertEquals(all.size(), got.size());
        for (int i = 0; i < all.size(); i++) assertArrayEquals(all.get(i), got.get(i), "batch " + i);

        // a state taken between epochs resumes with the next epoch
        DataLoader<Batch> c = DataLoader.builder(ds).batchSize(4).shuffle(5).build();
        epoch(c);
        DataLoader<Batch> d = DataLoader.builder(ds).batchSize(4).shuffle(1).build();
        d.loadState(c.stateMeta());
        assertArrayEquals(flat(epoch(c)), flat(epoch(d)));

        DataLoader<Batch> plain = new DataLoader<>(ds, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.loadState(state));
        assertTrue(e.getMessage().contains("does not shuffle"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @Test
    void randomSplitIsDisjointAndKeepsBatchGathers() {
        TensorDataset ds = numbered(20);
        List<Subset<Batch>> parts = Datasets.randomSplit(ds, new int[] {12, 8}, new Generator(1));
        assertEquals(12, parts.get(0).size());
        assertEquals(8, parts.get(1).size());
        Set<Integer> seen = new HashSet<>();
        for (Subset<Batch> p : parts) for (int i : p.indices()) assertTrue(seen.add(i));
        assertEquals(20, seen.size());
        Subset<Batch> s = parts.get(1);
        Batch b = s.getBatch(new int[] {0, 7});
        int[] idx = s.indices();
        assertEquals(IntTensor.of(idx[0], idx[7]), b.y());
        assertEquals(idx[3], s.get(3).y().item());
        // reproducible from the generator's seed
        assertArrayEquals(idx, Datasets.randomSplit(ds, new int[] {12, 8}, new Generator(1)).get(1).indices());
        List<Subset<Batch>> f = Datasets.randomSplit(ds, new double[] {0.5, 0.25, 0.25}, new Generator(2));
        assertEquals(List.of(10, 5, 5), f.stream().map(Subset::size).toList());
        assertEquals(List.of(4, 3, 3), Datasets.randomSplit(numbered(10), new double[] {0.34, 0.33, 0.33}, new Generator(2)).stream().map(Subset::size).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(ds, new int[] {10, 5}, new Generator(1)));
        assertTrue(e.getMessage().contains("add up to 15") && e.getMessage().contains("20 examples"), e.getMessage());
        // a loader over a subset
        assertEquals(3, epoch(DataLoader.builder(s).batchSize(3).shuffle(3).build()).size());
    }
}
