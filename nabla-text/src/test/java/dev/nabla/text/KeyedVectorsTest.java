package dev.nabla.text;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedVectorsTest {
    @Test
    void rowsFollowTheVocabulary() {
        var kv = new KeyedVectors(List.of("the", "cat"), 2, new float[] {1, 2, 3, 4});
        assertEquals(2, kv.size());
        assertEquals(1, kv.indexOf("cat"));
        assertEquals(-1, kv.indexOf("dog"));
        assertArrayEquals(new float[] {3, 4}, kv.vector("cat"));
    }

    @Test
    void badShapesAndDuplicatesAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new KeyedVectors(List.of("a"), 2, new float[3]));
        assertTrue(e.getMessage().contains("needs 2 floats, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KeyedVectors(List.of("a", "a"), 1, new float[2]));
        assertTrue(e.getMessage().contains("'a' appears twice"), e.getMessage());
    }
}
