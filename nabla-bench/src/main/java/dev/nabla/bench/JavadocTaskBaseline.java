package dev.nabla.bench;

import dev.nabla.text.Corpus;
import dev.nabla.text.tasks.BagOfWordsClassifier;
import dev.nabla.text.tasks.JavadocPackageTask;
import dev.nabla.text.tasks.TextClassificationData;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The Javadoc package-group task (issue #9's fine-tuning task) and its bag-of-words logistic-regression baseline:
 * builds the task from a src.zip, prints the class sizes per split, trains the baseline and prints its validation and
 * test accuracy and macro-F1, the test confusion matrix and the seconds each part took.
 * <p>
 * Arguments, all optional: {@code [src.zip or dir (default, or "": the running JDK's)] [max per class (default 2000, 0: all)]
 * [task.tsv to save the task to]}.
 */
public final class JavadocTaskBaseline {
    public static void main(String[] args) throws Exception {
        Path source = args.length > 0 && !args[0].isEmpty() ? Path.of(args[0]) : Corpus.jdkSources(System.err::println);
        int maxPerClass = args.length > 1 ? Integer.parseInt(args[1]) : JavadocPackageTask.DEFAULT_MAX_PER_CLASS;
        long t0 = System.nanoTime();
        TextClassificationData data = JavadocPackageTask.build(source, JavadocPackageTask.DEFAULT_GROUPS,
                JavadocPackageTask.DEFAULT_MIN_WORDS, maxPerClass);
        System.out.printf(Locale.ROOT, "task: Javadoc sentence -> package group, from %s (min %d words, max %s per class), built in %.1f s%n",
                source, JavadocPackageTask.DEFAULT_MIN_WORDS, maxPerClass > 0 ? maxPerClass : "all", seconds(t0));
        System.out.print(data.sizeTable());
        if (args.length > 2) {
            data.save(Path.of(args[2]));
            System.out.println("saved to " + args[2]);
        }
        long t1 = System.nanoTime();
        BagOfWordsClassifier.Config cfg = BagOfWordsClassifier.DEFAULTS;
        BagOfWordsClassifier model = BagOfWordsClassifier.train(data, cfg, System.out::println);
        System.out.printf(Locale.ROOT, "baseline: bag of words logistic regression, %s, %d terms; kept epoch %d; trained in %.1f s%n",
                cfg, model.vocabularySize(), model.bestEpoch(), seconds(t1));
        System.out.println("validation: " + model.evaluate(data.validation()).summary());
        var test = model.evaluate(data.test());
        System.out.println("test:       " + test.summary());
        System.out.print(test);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
