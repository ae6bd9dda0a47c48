package dev.nabla.text.wordpiece;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordPieceTrainerTest {
    @TempDir
    Path dir;

    /** Words from a Zipf-like vocabulary with shared stems and endings, some punctuation, accents and Chinese. */
    static String corpus(int words, long seed) {
        String[] vocab = {"the", "token", "tokens", "tokenizer", "tokenize", "tokenized", "play", "playing", "played", "player",
                "run", "running", "runner", ",", ".", "Café", "naïve", "我", "爱", "中文", "unplayable", "retokenize"};
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            int k = (int) Math.min(vocab.length - 1, Math.floor(-Math.log(1 - r.nextDouble()) * 5));
            b.append(vocab[k]).append(r.nextInt(10) == 0 ? "\n" : " ");
        }
        return b.toString();
    }

    @Test
    void trainsAVocabularyThatTokenizesItsCorpusAndLoadsBack() throws IOException {
        String text = corpus(20_000, 1);
        BertTokenizer t = WordPieceTrainer.train(text, 80, 2, BasicTokenizer.Options.UNCASED, false);
        assertEquals(80, t.size());
        String[] tokens = t.model().tokens();
        assertEquals(WordPieceTrainer.BERT_SPECIALS, List.of(tokens).subList(0, 5));
        assertEquals("t", t.token(t.id("t")));
        assertTrue(t.id("##t") > t.id("t"), "continuations follow the first characters");
        // frequent words become single tokens; rarer ones are pieces, never unknown
        assertEquals(List.of("the"), t.tokenize("The"));
        assertEquals(List.of("token"), t.tokenize("token"));
        for (String w : List.of("retokenize", "unplayable", "cafe", "中文", "tokenizers"))
            assertTrue(!t.tokenize(w).contains("[UNK]"), w + " " + t.tokenize(w));
        assertEquals(List.of("[UNK]"), t.tokenize("x"));
        String sample = text.substring(0, 3000);
        int ids = t.encode(sample, null, false).length(), chars = sample.replace(" ", "").replace("\n", "").length();
        assertTrue(ids * 2 < chars, ids + " tokens for " + chars + " chars");
        Path f = dir.resolve("vocab.txt");
        WordPieceFiles.saveVocab(t.model(), f);
        BertTokenizer back = WordPieceFiles.loadVocab(f, BasicTokenizer.Options.UNCASED);
        assertArrayEquals(t.encode(sample).ids(), back.encode(sample).ids());
    }

    @Test
    void minFrequencyStopsEarlyAndTrainingIsDeterministic() {
        String text = corpus(2_000, 3);
        BertTokenizer a = WordPieceTrainer.train(text, 1000, 1_000_000, BasicTokenizer.Options.UNCASED, false);
        int alphabet = a.size();
        BertTokenizer b = WordPieceTrainer.train(text, 1000, 1, BasicTokenizer.Options.UNCASED, false);
        assertTrue(b.size() > alphabet && b.size() < 1000, alphabet + " " + b.size()); // every word is a token: no pair left
        assertEquals(List.of(b.model().tokens()), List.of(WordPieceTrainer.train(text, 1000, 1, BasicTokenizer.Options.UNCASED, false).model().tokens()));
        for (String w : List.of("tokenizer", "unplayable")) assertEquals(List.of(w), b.tokenize(w));
    }
}
