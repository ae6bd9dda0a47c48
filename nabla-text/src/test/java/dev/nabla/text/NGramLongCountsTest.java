package dev.nabla.text;

import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class NGramLongCountsTest {
    @Test
    void countsLikeAHashMapThroughGrowth() {
        LongCounts counts = new LongCounts(1);
        Map<Long, Integer> expected = new HashMap<>();
        Generator random = new Generator(9);
        for (int i = 0; i < 20_000; i++) {
            long key = random.nextInt(3000) * 1_000_003L;   // keys 0.. with a stride, including 0
            counts.add(key, 1);
            expected.merge(key, 1, Integer::sum);
        }
        assertEquals(expected.size(), counts.size());
        expected.forEach((k, v) -> assertEquals(v, counts.get(k)));
        assertEquals(0, counts.get(7));
        assertEquals(-1, counts.slot(7));
        int sum = 0;
        for (int s = 0; s < counts.capacity(); s++) if (counts.used(s)) sum += counts.value(s);
        assertEquals(20_000, sum);
        assertThrows(IllegalArgumentException.class, () -> counts.add(-1, 1));
    }
}
