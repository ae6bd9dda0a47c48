package dev.nabla.models;

import dev.nabla.text.Corpus;
import dev.nabla.text.Tokenizer;
import dev.nabla.text.Vocabulary;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of a word-level language model, as in the Penn Treebank setup: id 0 is {@value #UNK} (every word outside
 * the vocabulary), id 1 is {@value #EOS} (the end of each sentence, so that the model learns where sentences stop),
 * then the corpus's most frequent words, most frequent first. Text is split into words by the English
 * {@link Tokenizer} (lowercase; punctuation marks are words of their own), one sentence per line.
 */
public final class WordVocab implements TokenVocab {
    public static final String UNK = "<unk>", EOS = "<eos>";
    public static final int UNK_ID = 0, EOS_ID = 1;

    private final String[] words;
    private final Map<String, Integer> ids;

    private WordVocab(String[] words) {
        this.words = words;
        ids = new HashMap<>(words.length * 2);
        for (int i = 0; i < words.length; i++)
            if (ids.put(words[i], i) != null) throw new IllegalArgumentException("WordVocab: the word '" + words[i] + "' appears twice");
    }

    /** The vocabulary whose words, in id order, are {@code words} (as {@link #describe} lists them). */
    public static WordVocab of(List<String> words) {
        if (words.size() < 2 || !UNK.equals(words.get(UNK_ID)) || !EOS.equals(words.get(EOS_ID)))
            throw new IllegalArgumentException("WordVocab: the words must start with " + UNK + " and " + EOS);
        return new WordVocab(words.toArray(String[]::new));
    }

    /** The {@code size} − 2 most frequent words of {@code corpus} (ties in word order) after {@value #UNK} and {@value #EOS}. */
    public static WordVocab build(Corpus corpus, int size) throws IOException {
        if (size < 3) throw new IllegalArgumentException("WordVocab: size must be at least 3 (" + UNK + ", " + EOS + " and a word), got " + size);
        Vocabulary counted = Vocabulary.build(corpus, 1, size - 2);
        if (counted.size() == 0) throw new IllegalArgumentException("WordVocab: " + corpus.description() + " holds no words");
        List<String> all = new ArrayList<>(List.of(UNK, EOS));
        for (String w : counted.words()) if (!w.equals(UNK) && !w.equals(EOS)) all.add(w);
        return of(all);
    }

    /** The ids of every sentence of {@code corpus}, each followed by {@value #EOS}. */
    public int[] encode(Corpus corpus) throws IOException {
        IntBuffer out = new IntBuffer();
        corpus.forEachSentence(tokens -> {
            for (String t : tokens) out.add(id(t));
            out.add(EOS_ID);
        });
        return out.toArray();
    }

    /** The ids of the words of each line of {@code text}; a line ended by a line break is followed by {@value #EOS}. */
    @Override
    public int[] encode(CharSequence text) {
        IntBuffer out = new IntBuffer();
        List<String> tokens = new ArrayList<>();
        String s = text.toString();
        for (int from = 0; from < s.length(); ) {
            int nl = s.indexOf('\n', from);
            int to = nl < 0 ? s.length() : nl;
            tokens.clear();
            Tokenizer.english().tokenize(s.substring(from, to), tokens);
            for (String t : tokens) out.add(id(t));
            if (nl >= 0) out.add(EOS_ID);
            from = to + 1;
        }
        return out.toArray();
    }

    /** The words separated by spaces, {@value #EOS} as a line break. */
    @Override
    public String decode(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            if (id == EOS_ID) b.append('\n');
            else {
                if (!b.isEmpty() && b.charAt(b.length() - 1) != '\n') b.append(' ');
                b.append(words[id]);
            }
        }
        return b.toString();
    }

    /** The id of {@code word}, or {@value #UNK_ID} when it is not in the vocabulary. */
    public int id(String word) {
        Integer id = ids.get(word);
        return id == null ? UNK_ID : id;
    }

    public String word(int id) {
        return words[id];
    }

    @Override
    public int size() {
        return words.length;
    }

    @Override
    public String unit() {
        return "word";
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("kind", "words", "words", List.of(words));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WordVocab v && Arrays.equals(words, v.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "WordVocab[" + words.length + " words]";
    }

    /** A growable int array, so that a corpus of millions of words is encoded without boxing. */
    private static final class IntBuffer {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
