package dev.nabla.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizerTest {
    @Test
    void englishLowercasesAndSplitsPunctuationOff() {
        assertEquals(List.of("hello", ",", "world", "!"), Tokenizer.english().tokenize("Hello, World!"));
        assertEquals(List.of("\"", "it's", "a", "well-known", "fact", "\"", "(", "really", ")", "."),
                Tokenizer.english().tokenize("\"It's a well-known fact\" (really)."));
    }

    @Test
    void englishKeepsNumbers() {
        assertEquals(List.of("pi", "is", "3.14", ",", "not", "1,000", "or", "42", "."),
                Tokenizer.english().tokenize("Pi is 3.14, not 1,000 or 42."));
        assertEquals(List.of("version", "2", ".", "end"), Tokenizer.english().tokenize("version 2. End"));
    }

    @Test
    void englishSplitsOnAnyWhitespaceAndDropsControls() {
        assertEquals(List.of("a", "b", "c", "d"), Tokenizer.english().tokenize("  a\tb\u00a0c\r\n d \u0007"));
        assertEquals(List.of(), Tokenizer.english().tokenize(""));
        assertEquals(List.of("-", "-", "x", "-"), Tokenizer.english().tokenize("--x-"));
    }

    @Test
    void englishKeepsNonLatinWordsWhole() {
        assertEquals(List.of("straße", "ελληνικά", "русский"), Tokenizer.english().tokenize("Straße Ελληνικά Русский"));
        assertEquals(List.of("我爱北京"), Tokenizer.english().tokenize("我爱北京"));
    }

    @Test
    void characterModeSplitsCjkButKeepsLatinRuns() {
        assertEquals(List.of("我", "爱", "nlp", "和", "java", "25", "。"), Tokenizer.characters().tokenize("我爱NLP和Java 25。"));
        assertEquals(List.of("ひ", "ら", "が", "な", "カ", "タ"), Tokenizer.characters().tokenize("ひらがなカタ"));
        assertEquals(List.of("don't", "我", "-", "x"), Tokenizer.characters().tokenize("don't我-x"));
        assertEquals(List.of("𠀀", "a"), Tokenizer.characters().tokenize("𠀀a")); // outside the BMP
    }

    @Test
    void emojiAndSymbolsAreTokens() {
        assertEquals(List.of("i", "❤", "java", "😀"), Tokenizer.english().tokenize("I ❤ Java😀"));
    }
}
