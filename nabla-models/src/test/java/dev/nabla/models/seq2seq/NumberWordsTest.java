package dev.nabla.models.seq2seq;

import dev.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NumberWordsTest {
    @Test
    void writesEdgeCases() {
        assertEquals("zero", NumberWords.words(0));
        assertEquals("seven", NumberWords.words(7));
        assertEquals("thirteen", NumberWords.words(13));
        assertEquals("nineteen", NumberWords.words(19));
        assertEquals("twenty", NumberWords.words(20));
        assertEquals("forty-two", NumberWords.words(42));
        assertEquals("one hundred", NumberWords.words(100));
        assertEquals("one hundred eleven", NumberWords.words(111));
        assertEquals("one thousand", NumberWords.words(1000));
        assertEquals("one thousand one", NumberWords.words(1001));
        assertEquals("twelve thousand", NumberWords.words(12_000));
        assertEquals("one million", NumberWords.words(1_000_000));
        assertEquals("one million one", NumberWords.words(1_000_001));
        assertEquals("three hundred forty-two thousand seven", NumberWords.words(342_007));
        assertEquals("five hundred million six hundred", NumberWords.words(500_000_600));
        assertEquals("nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine", NumberWords.words(NumberWords.MAX));
        assertThrows(IllegalArgumentException.class, () -> NumberWords.words(-1));
        assertThrows(IllegalArgumentException.class, () -> NumberWords.words(1_000_000_000));
    }

    @Test
    void parsesEdgeCases() {
        assertEquals(0, NumberWords.parse("zero"));
        assertEquals(15, NumberWords.parse("fifteen"));
        assertEquals(90, NumberWords.parse("ninety"));
        assertEquals(900, NumberWords.parse("nine hundred"));
        assertEquals(7000, NumberWords.parse("seven thousand"));
        assertEquals(3_000_000, NumberWords.parse("three million"));
        assertEquals(342_007, NumberWords.parse("three hundred forty-two thousand seven"));
        assertEquals(2_000_019, NumberWords.parse(" two million   nineteen "));
    }

    @Test
    void roundTripsRandomNumbers() {
        Generator g = new Generator(1);
        for (int i = 0; i < 20_000; i++) {
            long n = NumberTask.draw(g);
            assertEquals(n, NumberWords.parse(NumberWords.words(n)));
        }
        for (long n = 0; n < 2000; n++) assertEquals(n, NumberWords.parse(NumberWords.words(n)));
    }

    @Test
    void rejectsWhatItWouldNotWrite() {
        for (String s : new String[] {"", "hundred", "thousand", "zero zero", "one thousand million", "twenty-ten", "forty two",
                "ten hundred", "one hundred zero", "seven thousand thousand", "zero thousand", "fourty", "twenty-"})
            assertThrows(IllegalArgumentException.class, () -> NumberWords.parse(s), s);
    }
}
