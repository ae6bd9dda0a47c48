package dev.nabla.models.bert;

import dev.nabla.text.tasks.JavadocPackageTask;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Unlabeled sentences for distillation on a transfer set (self-training): teachers label them, and a student learns
 * those labels besides the task's. They come from the documents BERT pretrains on ({@link PretrainingText}: a source
 * zip's Javadoc without the files {@link JavadocPackageTask} holds out, or a text in pretraining format without its
 * held-out documents), so that nothing of a validation or test split is read.
 */
public final class UnlabeledTexts {
    private UnlabeledTexts() {}

    /**
     * Up to max distinct sentences of at least minWords words from the training documents of path, none of them in
     * exclude (the task's own texts) or holding a tab (a task file's separator), drawn at random with the seed when
     * there are more.
     */
    public static List<String> sample(Path path, Set<String> exclude, int minWords, int max, long seed) throws IOException {
        if (max < 1) throw new IllegalArgumentException("UnlabeledTexts.sample: max must be at least 1, got " + max);
        Set<String> distinct = new LinkedHashSet<>(); // checked first: boilerplate repeats, and counting words tokenizes
        for (List<String> document : PretrainingText.read(path, Long.MAX_VALUE).train())
            for (String s : document)
                if (!distinct.contains(s) && s.indexOf('\t') < 0 && !exclude.contains(s) && JavadocPackageTask.words(s) >= minWords) distinct.add(s);
        List<String> all = new ArrayList<>(distinct);
        if (all.isEmpty())
            throw new IOException(path + ": no sentence of at least " + minWords + " words outside the task in its training documents");
        if (all.size() > max) Collections.shuffle(all, new Random(seed));
        return List.copyOf(all.subList(0, Math.min(max, all.size())));
    }

    /**
     * The rows to keep of texts labelled by teachers, whose probabilities are (n, classes) row-major: for each class,
     * the perClass rows whose top class it is with the highest probability, in their original order. Self-training
     * keeps the teachers' surest sentences of each class (Du et al. 2020), so that sentences of a pool's other topics
     * stay out and the classes stay balanced.
     */
    public static int[] mostConfident(float[] probabilities, int classes, int perClass) {
        if (classes < 1 || perClass < 1 || probabilities.length % classes != 0)
            throw new IllegalArgumentException("UnlabeledTexts.mostConfident: need probabilities (n, " + classes + ") and perClass >= 1; got "
                    + probabilities.length + " values, perClass " + perClass);
        int n = probabilities.length / classes;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        float[] top = new float[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (probabilities[i * classes + c] > probabilities[i * classes + best]) best = c;
            top[i] = probabilities[i * classes + best];
            byClass.get(best).add(i);
        }
        List<Integer> kept = new ArrayList<>();
        for (List<Integer> rows : byClass) {
            rows.sort(Comparator.comparingDouble((Integer i) -> -top[i]).thenComparingInt(i -> i));
            kept.addAll(rows.subList(0, Math.min(perClass, rows.size())));
        }
        int[] out = kept.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(out);
        return out;
    }
}
