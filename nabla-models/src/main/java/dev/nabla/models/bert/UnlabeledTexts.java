package dev.nabla.models.bert;

import dev.nabla.text.tasks.JavadocPackageTask;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Unlabeled sentences for distillation on a transfer set (self-training): teachers label them, and a student learns
 * those labels besides the task's. They come from the documents BERT pretrains on ({@link PretrainingText}: a source
 * zip's Javadoc without the files {@link JavadocPackageTask} holds out, or a text in pretraining format without its held-out documents),
 * so that nothing of a validation or test split is read.
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
}
