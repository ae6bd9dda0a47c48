package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CharVocabTest {
    @Test
    void sortedDistinctCharactersRoundTrip() {
        CharVocab v = CharVocab.fromText("hello, world");
        assertEquals(" ,dehlorw", v.toString());
        assertEquals(9, v.size());
        int[] ids = v.encode("world");
        assertArrayEquals(new int[] {8, 6, 7, 5, 2}, ids);
        assertEquals("world", v.decode(ids));
        assertEquals(v, CharVocab.of(v.toString()));
        assertEquals(-1, v.id('z'));
    }

    @Test
    void unknownCharacterAndBadVocabularyAreClearErrors() {
        CharVocab v = CharVocab.fromText("abc");
        var e = assertThrows(IllegalArgumentException.class, () -> v.encode("abz"));
        assertTrue(e.getMessage().contains("U+007A at offset 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CharVocab.of("ba"));
        assertThrows(IllegalArgumentException.class, () -> CharVocab.fromText(""));
    }
}
