package dev.nabla.text;

import dev.nabla.util.Files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Words with their corpus counts, in frequency order: id 0 is the most frequent word; words of equal count are in
 * {@link String#compareTo} order (word2vec.c's qsort leaves that order unspecified; this one is reproducible).
 * Built by counting a {@link Corpus} ({@link #build}) or a {@link Counter}, keeping words seen at least
 * {@code minCount} times and then at most the {@code maxSize} most frequent. Immutable.
 * <p>
 * File format ({@link #save}, {@link #load}): one {@code word count} line per word, in id order, as word2vec's
 * {@code -save-vocab} writes it.
 */
public final class Vocabulary {
    private final String[] words;
    private final long[] counts;
    private final Map<String, Integer> ids;
    private final long total;

    private Vocabulary(String[] words, long[] counts) {
        this.words = words;
        this.counts = counts;
        this.ids = HashMap.newHashMap(words.length);
        long sum = 0;
        for (int i = 0; i < words.length; i++) {
            ids.put(words[i], i);
            sum += counts[i];
        }
        this.total = sum;
    }

    /** Counts the tokens of {@code corpus} (one pass) and keeps the words per {@code minCount} and {@code maxSize}. */
    public static Vocabulary build(Corpus corpus, int minCount, int maxSize) throws IOException {
        Counter counter = new Counter();
        corpus.forEachSentence(tokens -> {
            for (String t : tokens) counter.add(t);
        });
        return counter.vocabulary(minCount, maxSize);
    }

    /** Counts words one occurrence at a time. Not thread-safe. */
    public static final class Counter {
        private final HashMap<String, long[]> counts = new HashMap<>();

        public void add(String word) {
            add(word, 1);
        }

        public void add(String word, long n) {
            long[] c = counts.get(word);
            if (c == null) counts.put(word, new long[] {n});
            else c[0] += n;
        }

        /** Number of distinct words counted so far. */
        public int distinct() { return counts.size(); }

        /** The words seen at least {@code minCount} times, at most the {@code maxSize} most frequent, in frequency order. */
        public Vocabulary vocabulary(int minCount, int maxSize) {
            if (minCount < 1) throw new IllegalArgumentException("Vocabulary: minCount must be at least 1, got " + minCount);
            if (maxSize < 1) throw new IllegalArgumentException("Vocabulary: maxSize must be at least 1, got " + maxSize);
            List<Map.Entry<String, long[]>> kept = new ArrayList<>();
            for (var e : counts.entrySet()) if (e.getValue()[0] >= minCount) kept.add(e);
            kept.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey));
            int n = Math.min(maxSize, kept.size());
            String[] words = new String[n];
            long[] c = new long[n];
            for (int i = 0; i < n; i++) {
                words[i] = kept.get(i).getKey();
                c[i] = kept.get(i).getValue()[0];
            }
            return new Vocabulary(words, c);
        }
    }

    public int size() { return words.length; }

    public String word(int id) { return words[id]; }

    /** The id of {@code word}, or -1 when it is not in the vocabulary. */
    public int id(String word) {
        Integer id = ids.get(word);
        return id == null ? -1 : id;
    }

    public long count(int id) { return counts[id]; }

    /** A copy of the counts, in id order (non-increasing). */
    public long[] counts() { return counts.clone(); }

    /** The sum of the counts: the number of corpus tokens that are in the vocabulary. */
    public long totalCount() { return total; }

    /** The words in id order. */
    public List<String> words() { return List.of(words); }

    /** Writes {@code word count} lines in id order, atomically (a crash leaves the old file or the new one). */
    public void save(Path path) throws IOException {
        StringBuilder b = new StringBuilder(words.length * 12);
        for (int i = 0; i < words.length; i++) {
            if (words[i].isEmpty() || words[i].chars().anyMatch(c -> c == ' ' || c == '\n' || c == '\r'))
                throw new IllegalStateException("Vocabulary.save: word " + i + " ('" + words[i] + "') is empty or has a space or line break");
            b.append(words[i]).append(' ').append(counts[i]).append('\n');
        }
        Files.writeAtomically(path, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a file written by {@link #save} (or word2vec's {@code -save-vocab}), keeping its order. Errors name the
     * file and line: a line that is not {@code word count}, a count that is not a positive integer, a word seen
     * twice, or counts that increase (the file must be in frequency order).
     */
    public static Vocabulary load(Path path) throws IOException {
        List<String> words = new ArrayList<>();
        long[] counts = new long[1024];
        Map<String, Integer> seen = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(java.nio.file.Files.newInputStream(path), StandardCharsets.UTF_8), 1 << 16)) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isEmpty()) continue;
                int sp = line.indexOf(' ');
                if (sp <= 0 || sp != line.lastIndexOf(' '))
                    throw malformed(path, lineNo, "expected 'word count', got '" + abbreviate(line) + "'");
                String word = line.substring(0, sp);
                long count;
                try {
                    count = Long.parseLong(line, sp + 1, line.length(), 10);
                } catch (NumberFormatException e) {
                    throw malformed(path, lineNo, "count '" + abbreviate(line.substring(sp + 1)) + "' is not an integer");
                }
                if (count < 1) throw malformed(path, lineNo, "count must be positive, got " + count);
                int n = words.size();
                if (n > 0 && count > counts[n - 1])
                    throw malformed(path, lineNo, "count " + count + " is above the previous line's " + counts[n - 1]
                            + " (a vocabulary file is in frequency order)");
                Integer before = seen.putIfAbsent(word, lineNo);
                if (before != null) throw malformed(path, lineNo, "word '" + word + "' already on line " + before);
                if (n == counts.length) counts = Arrays.copyOf(counts, 2 * n);
                counts[n] = count;
                words.add(word);
            }
        }
        return new Vocabulary(words.toArray(String[]::new), Arrays.copyOf(counts, words.size()));
    }

    private static IOException malformed(Path path, int line, String what) {
        return new IOException(path + ":" + line + ": malformed vocabulary: " + what);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    @Override
    public String toString() { return "Vocabulary[" + words.length + " words, " + total + " tokens]"; }
}
