package dev.nabla.text.wordpiece;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each rule of BERT's basic tokenisation on its own. */
class BasicTokenizerTest {
    private static List<String> words(BasicTokenizer.Options o, String text) {
        BasicTokenizer.Words w = new BasicTokenizer(o).split(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) out.add(w.word(i));
        return out;
    }

    private static List<String> uncased(String text) { return words(BasicTokenizer.Options.UNCASED, text); }

    @Test
    void whitespaceSplitsAndIsDropped() {
        assertEquals(List.of("a", "b", "c", "d", "e"), uncased("  a\tb\nc\u00a0d\u3000e  "));
        assertEquals(List.of(), uncased(" \t\n "));
    }

    @Test
    void controlCharactersNulAndReplacementCharacterAreDropped() {
        assertEquals(List.of("abcdef"), uncased("a\u0000b\u0001c\ufffdd\u200be\ufefff"));
        // \u000b and \u000c are control characters before they are whitespace: dropped, not splitting
        assertEquals(List.of("ab", "c"), uncased("a\u000bb c"));
        assertEquals(List.of("abc"), uncased("a\ue000b\udb80\udc00c")); // private use
        assertEquals(List.of("a\u0378b"), uncased("a\u0378b")); // unassigned code points stay, as in tokenizers
        assertEquals(List.of("a\u0000b"), words(new BasicTokenizer.Options(false, true, false, false), "a\u0000b"));
    }

    @Test
    void punctuationIsAlone() {
        assertEquals(List.of("don", "'", "t", "stop", "!", "!", "$", "5", "^", "x", "«", "a", "»", "—", "b"), uncased("don't stop!! $5^x «a» —b"));
        assertEquals(List.of("a", "+", "b", "=", "c", "~", "`"), uncased("a+b=c~`"));
    }

    @Test
    void chineseCharactersAreAloneButNotKanaOrHangul() {
        assertEquals(List.of("我", "爱", "北", "京", "ab", "豈", "𠀀"), uncased("我爱北京ab豈𠀀"));
        assertEquals(List.of("カタカナ"), uncased("カタカナ"));
        assertEquals(List.of("我爱"), words(new BasicTokenizer.Options(true, false, true, true), "我爱"));
    }

    @Test
    void lowercaseAndAccentStripping() {
        assertEquals(List.of("café", "déjà"), words(new BasicTokenizer.Options(true, true, false, true), "Café DÉJÀ"));
        assertEquals(List.of("cafe", "deja", "angstrom", "istanbul", "σισυφοσ"), uncased("Café Déjà Ångström İstanbul ΣΊΣΥΦΟΣ"));
        assertEquals(List.of("café", "i\u0307stanbul"), words(new BasicTokenizer.Options(true, true, false, true), "CAFÉ İstanbul"));
        assertEquals(List.of("Café"), words(BasicTokenizer.Options.CASED, "Café"));
        assertEquals(List.of("mixed"), uncased("Mixe\u0301d"));
    }

    @Test
    void offsetsPointIntoTheOriginalText() {
        BasicTokenizer.Words w = new BasicTokenizer(BasicTokenizer.Options.UNCASED).split(" Ünï\u0000code, 😀x");
        assertEquals(List.of("unicode", ",", "😀x"), List.of(w.word(0), w.word(1), w.word(2)));
        assertEquals(1, w.start(0));
        assertEquals(9, w.end(0));
        assertEquals(9, w.start(1));
        assertEquals(10, w.end(1));
        assertEquals(11, w.start(2));
        assertEquals(14, w.end(2));
    }
}
