package dev.nabla.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word vectors on analogy questions in word2vec's questions-words format (": section" lines, then "a b c d" lines:
 * a is to b as c is to d), as gensim's evaluate_word_analogies: questions with a word outside the first
 * restrictVocab words are skipped and counted; the answer is the best-scoring word among those that is not a, b or c
 * (compared case-insensitively by default). All questions go through the batched GEMM search at once.
 */
public final class AnalogyEval {
    private AnalogyEval() {}

    /** The restriction the issue and word2vec's compute-accuracy use (gensim's evaluate_word_analogies: 300,000). */
    public static final int RESTRICT_VOCAB = 30_000;
    /** gensim looks at this many candidates for one that is not a question word (in another case). */
    private static final int CANDIDATES = 5;

    /** One section (or the total): {@code correct} of the {@code evaluated} of its {@code questions}. */
    public record Section(String name, int correct, int evaluated, int questions) {
        public double accuracy() {
            return evaluated == 0 ? 0 : (double) correct / evaluated;
        }

        public double coverage() {
            return questions == 0 ? 0 : (double) evaluated / questions;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %.2f%% (%d/%d), %d of %d questions evaluated",
                    name, 100 * accuracy(), correct, evaluated, evaluated, questions);
        }
    }

    public record Result(List<Section> sections, Section total) {}

    /** 3CosAdd, case-insensitive, over the first 30,000 words. */
    public static Result evaluate(KeyedVectors kv, Path file) throws IOException {
        return evaluate(kv, file, RESTRICT_VOCAB, Analogy.COS_ADD, true);
    }

    public static Result evaluate(KeyedVectors kv, Path file, int restrictVocab, Analogy method, boolean caseInsensitive) throws IOException {
        RestrictedVocab vocab = new RestrictedVocab(kv, restrictVocab, caseInsensitive);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        List<int[]> questionsPerSection = new ArrayList<>(); // [questions]
        List<int[]> abc = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<Integer> sectionOf = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) continue;
            if (line.startsWith(":")) {
                names.add(line.substring(1).strip());
                questionsPerSection.add(new int[1]);
                continue;
            }
            if (names.isEmpty()) throw new IOException(file + ":" + (n + 1) + ": a question before the first ': section' line");
            String[] w = line.split("\\s+");
            if (w.length != 4) throw new IOException(file + ":" + (n + 1) + ": expected four words 'a b c d', found " + w.length + ": '" + line + "'");
            questionsPerSection.getLast()[0]++;
            int a = vocab.row(w[0]), b = vocab.row(w[1]), c = vocab.row(w[2]);
            if (a < 0 || b < 0 || c < 0 || vocab.row(w[3]) < 0) continue;
            abc.add(new int[] {a, b, c});
            expected.add(vocab.fold(w[3]));
            sectionOf.add(names.size() - 1);
        }
        var found = kv.analogies(abc.toArray(int[][]::new), method, CANDIDATES, vocab.restrict);
        int[] correct = new int[names.size()], evaluated = new int[names.size()];
        for (int i = 0; i < abc.size(); i++) {
            int s = sectionOf.get(i);
            evaluated[s]++;
            if (expected.get(i).equals(answer(kv, vocab, abc.get(i), found.index()[i]))) correct[s]++;
        }
        List<Section> sections = new ArrayList<>();
        int tc = 0, te = 0, tq = 0;
        for (int s = 0; s < names.size(); s++) {
            sections.add(new Section(names.get(s), correct[s], evaluated[s], questionsPerSection.get(s)[0]));
            tc += correct[s];
            te += evaluated[s];
            tq += questionsPerSection.get(s)[0];
        }
        return new Result(List.copyOf(sections), new Section("total", tc, te, tq));
    }

    /** The first candidate that is not a question word in another spelling (gensim's rule), folded; else the last. */
    private static String answer(KeyedVectors kv, RestrictedVocab vocab, int[] abc, int[] candidates) {
        String predicted = null;
        for (int r : candidates) {
            predicted = vocab.fold(kv.word(r));
            boolean questionWord = false;
            for (int q : abc) questionWord |= predicted.equals(vocab.fold(kv.word(q)));
            if (!questionWord) break;
        }
        return predicted;
    }
}
