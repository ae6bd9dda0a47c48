package dev.nabla.util;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmupTest {
    @Test
    void repeatsTheStepWhileTheWorkRunsAndStopsAfter() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        String got = Warmup.during(() -> {
            assertTrue(three.await(10, TimeUnit.SECONDS), "the step runs beside the work");
            return "loaded";
        }, () -> {
            steps.incrementAndGet();
            three.countDown();
        });
        assertEquals("loaded", got);
        int after = steps.get();
        Thread.sleep(20);
        assertEquals(after, steps.get(), "no step after during returned");
    }

    @Test
    void aFailingStepOnlyEndsTheWarmupAndTheWorksErrorPassesThrough() throws Exception {
        assertEquals(7, Warmup.during(() -> 7, () -> { throw new IllegalStateException("warm-up failed"); }));
        var e = assertThrows(java.io.IOException.class, () -> Warmup.during(() -> { throw new java.io.IOException("no data"); }, () -> {}));
        assertEquals("no data", e.getMessage());
    }
}
