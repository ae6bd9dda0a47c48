package dev.nabla.kernel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ParallelTest {
    private static void assertEachOnce(int n, AtomicIntegerArray seen, String what) {
        for (int i = 0; i < n; i++) if (seen.get(i) != 1) fail(what + ": index " + i + " visited " + seen.get(i) + " times");
    }

    @Test
    void forRangeCoversEachIndexExactlyOnce() {
        int[] sizes = {0, 1, 2, 3, 7, 64, 1000, 4097, 100_003};
        int[] grains = {1, 2, 5, 64, 1000, 1 << 20};
        for (int n : sizes) {
            for (int grain : grains) {
                AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(n, 1));
                AtomicInteger calls = new AtomicInteger();
                Parallel.forRange(n, grain, (s, e) -> {
                    calls.incrementAndGet();
                    assertTrue(0 <= s && s <= e && e <= n, "range [" + s + ", " + e + ") of " + n);
                    for (int i = s; i < e; i++) seen.incrementAndGet(i);
                });
                assertEachOnce(n, seen, "n=" + n + " grain=" + grain);
                assertTrue(calls.get() <= Math.max(1, Parallel.chunks(n, grain)), "no more pieces than chunks()");
                if (n == 0) assertEquals(0, calls.get(), "nothing to do for n = 0");
            }
        }
    }

    @Test
    void allocateDuringRunsTheBodyOnceOverEveryIndexAndReturnsAZeroedArray() {
        for (int n : new int[] {0, 1, 3, 8, 1000}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(n, 1));
            float[] a = Parallel.allocateDuring(12_345, n, (s, e) -> {
                assertTrue(0 <= s && s < e && e <= n, "range [" + s + ", " + e + ") of " + n);
                for (int i = s; i < e; i++) seen.incrementAndGet(i);
            });
            assertEachOnce(n, seen, "n=" + n);
            assertEquals(12_345, a.length);
            for (float f : a) assertEquals(0f, f);
        }
        // inside a region it runs inline
        float[][] inner = new float[2][];
        Parallel.forChunks(2, 2, (k, unused) -> inner[k] = Parallel.allocateDuring(10, 4, (s, e) -> {}));
        assertEquals(10, inner[0].length);
        assertEquals(10, inner[1].length);
    }

    @Test
    void chunksArePositiveContiguousAndBounded() {
        for (int n = 0; n < 300; n += 7) {
            for (int grain = 1; grain < 100; grain += 13) {
                int c = Parallel.chunks(n, grain);
                assertTrue(c >= 1 && c <= Math.max(1, Parallel.threads()), "chunks(" + n + ", " + grain + ") = " + c);
                if (n <= grain) assertEquals(1, c);
                assertEquals(0, Parallel.chunkStart(n, c, 0));
                assertEquals(n, Parallel.chunkStart(n, c, c));
                for (int k = 0; k < c; k++) assertTrue(Parallel.chunkStart(n, c, k) <= Parallel.chunkStart(n, c, k + 1));
            }
        }
    }

    @Test
    void forChunksRunsExactlyThoseChunks() {
        for (int c : new int[] {1, 2, 3, 8, 17}) {
            int n = 1000;
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            AtomicInteger pieces = new AtomicInteger();
            Parallel.forChunks(n, c, (s, e) -> {
                pieces.incrementAndGet();
                for (int i = s; i < e; i++) seen.incrementAndGet(i);
            });
            assertEquals(c, pieces.get(), "c=" + c);
            assertEachOnce(n, seen, "forChunks c=" + c);
        }
        // more chunks than items: some are empty, none overlap
        AtomicIntegerArray seen = new AtomicIntegerArray(3);
        Parallel.forChunks(3, 8, (s, e) -> {
            for (int i = s; i < e; i++) seen.incrementAndGet(i);
        });
        assertEachOnce(3, seen, "forChunks 3 items in 8 chunks");
    }

    @Test
    void nestedForRangeRunsInline() {
        int outer = 64, inner = 5000;
        AtomicIntegerArray seen = new AtomicIntegerArray(outer * inner);
        Parallel.forRange(outer, 1, (s, e) -> {
            for (int i = s; i < e; i++) {
                int base = i * inner;
                Parallel.forRange(inner, 1, (a, b) -> {
                    for (int j = a; j < b; j++) seen.incrementAndGet(base + j);
                });
            }
        });
        assertEachOnce(outer * inner, seen, "nested");
    }

    @Test
    void aFailingChunkFailsTheCallerAndThePoolGoesOn() {
        var e = assertThrows(IllegalStateException.class, () -> Parallel.forChunks(8, 4, (s, t) -> {
            if (s == 4) throw new IllegalStateException("chunk at 4");
        }));
        assertEquals("chunk at 4", e.getMessage());
        AtomicIntegerArray seen = new AtomicIntegerArray(100);
        Parallel.forChunks(100, 4, (s, t) -> { for (int i = s; i < t; i++) seen.incrementAndGet(i); });
        assertEachOnce(100, seen, "after a failure");
    }

    @Test
    void regionsFromSeveralCallerThreadsAllComplete() throws Exception {
        int callers = 4, rounds = 200, n = 1000;
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        Thread[] ts = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            ts[c] = new Thread(() -> {
                for (int r = 0; r < rounds; r++) Parallel.forChunks(n, 3, (s, t) -> { for (int i = s; i < t; i++) seen.incrementAndGet(i); });
            });
            ts[c].start();
        }
        for (Thread t : ts) t.join();
        for (int i = 0; i < n; i++) assertEquals(callers * rounds, seen.get(i), "index " + i);
    }

    @Test
    void threadCountIsPositive() {
        assertTrue(Parallel.threads() >= 1);
    }
}
