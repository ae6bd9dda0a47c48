package dev.nabla.cli.embed;

import dev.nabla.data.SharedData;
import dev.nabla.kernel.Parallel;
import dev.nabla.text.Corpus;
import dev.nabla.text.FastText;
import dev.nabla.text.FastTextConfig;
import dev.nabla.text.FastTextModel;
import dev.nabla.text.GloVe;
import dev.nabla.text.GloVeConfig;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.VectorFiles;
import dev.nabla.text.VectorFormat;
import dev.nabla.text.Word2Vec;
import dev.nabla.text.Word2VecConfig;
import dev.nabla.text.WordProjection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Trains Word2Vec on a corpus and writes the vectors. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train word vectors and write them: Word2Vec (CBOW or skip-gram; negative sampling and/or hierarchical",
                "softmax), FastText (subword n-grams, vectors for unseen words too) or GloVe (weighted least squares on co-occurrences).",
                "The default corpus is the Javadoc prose of this JDK's own src.zip."})
final class TrainCommand implements Callable<Integer> {
    static final String DEFAULT_OUT = "nabla-demo/vectors.bin";

    @Mixin
    CorpusOption corpus;

    @Option(names = "--algorithm", defaultValue = "word2vec", description = "word2vec, fasttext or glove (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--model", description = "cbow or skipgram (default: cbow for word2vec, as its C tool; skipgram for fasttext).")
    String model;

    @Option(names = "--minn", defaultValue = "3", description = "fasttext: shortest character n-gram (default: ${DEFAULT-VALUE}).")
    int minn;

    @Option(names = "--maxn", defaultValue = "6", description = "fasttext: longest character n-gram; 0: none (default: ${DEFAULT-VALUE}).")
    int maxn;

    @Option(names = "--buckets", defaultValue = "2000000", description = "fasttext: hash buckets of the n-grams (default: ${DEFAULT-VALUE}).")
    int buckets;

    @Option(names = "--hs", description = "Hierarchical softmax (with --negative 0 alone, as word2vec's -hs 1 -negative 0).")
    boolean hs;

    @Option(names = "--negative", defaultValue = "5", description = "Negative samples per prediction; 0: none (default: ${DEFAULT-VALUE}).")
    int negative;

    @Option(names = "--dim", defaultValue = "100", description = "Vector size (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--window", defaultValue = "5", description = "Context window (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--min-count", defaultValue = "5", description = "Drop words seen fewer times (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--sample", description = "Subsampling threshold of frequent words; 0: off (default: 1e-3 for word2vec, 1e-4 for fasttext).")
    Double sample;

    @Option(names = "--epochs", description = "Passes over the corpus (glove: over the co-occurrences) (default: 5; glove 15).")
    Integer epochs;

    @Option(names = "--x-max", defaultValue = "100", description = "glove: co-occurrence count at which a pair's weight reaches 1 (default: ${DEFAULT-VALUE}).")
    double xMax;

    @Option(names = "--alpha", description = "Starting learning rate (default: word2vec 0.05 for cbow, 0.025 for skipgram; fasttext 0.05; glove's AdaGrad 0.05).")
    Float alpha;

    @Option(names = "--threads", description = "Training threads (default: NABLA_THREADS or all cores).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed; with one thread the vectors are reproducible (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, defaultValue = DEFAULT_OUT, description = "Vector file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--format", defaultValue = "binary", description = "word2vec (text), binary or glove (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--probe", split = ",", description = "Words whose nearest neighbours to print (default: a few frequent words).")
    List<String> probe;

    @Option(names = "--plot", paramLabel = "FILE", defaultValue = "nabla-demo/words.png",
            description = "PNG or SVG of the probe words and their neighbours, projected on two principal components (default: ${DEFAULT-VALUE}).")
    Path plot;

    @Option(names = "--no-eval", negatable = true, defaultValue = "true",
            description = "Evaluate on wordsim353.txt and questions-words.txt of the shared data when present (default: on).")
    boolean eval;

    /** The trained vectors, for tests. */
    KeyedVectors vectors;

    @Override
    public Integer call() throws Exception {
        Corpus c = corpus.open();
        int nThreads = threads != null ? threads : Parallel.threads();
        boolean skipGram = switch (model == null ? (algorithm.equals("fasttext") ? "skipgram" : "cbow") : model) {
            case "cbow" -> false;
            case "skipgram", "sg", "skip-gram" -> true;
            default -> throw new IllegalArgumentException("embed train: --model is cbow or skipgram, not '" + model + "'");
        };
        VectorFormat f = VectorFormat.forName(format);
        java.util.function.Function<String, float[]> unseen = null; // vectors of words outside the vocabulary, if the model has them
        int passes = epochs != null ? epochs : algorithm.equals("glove") ? 15 : 5;
        long t0 = System.nanoTime();
        switch (algorithm) {
            case "word2vec" -> {
                Word2VecConfig.Builder b = Word2VecConfig.builder().dim(dim).window(window).negative(negative).hierarchicalSoftmax(hs)
                        .minCount(minCount).epochs(passes).threads(nThreads).seed(seed).progress(true);
                if (skipGram) b.skipGram(); else b.cbow();
                if (sample != null) b.sample(sample);
                if (alpha != null) b.alpha(alpha);
                Word2VecConfig config = b.build();
                System.out.printf(Locale.ROOT, "Word2Vec %s, dim %d, window %d, negative %d%s, %d epochs, %d threads on %s%n",
                        config.architecture(), dim, window, negative, hs ? ", hierarchical softmax" : "", passes, nThreads, c.description());
                vectors = Word2Vec.train(c, config);
            }
            case "fasttext" -> {
                if (hs) throw new IllegalArgumentException("embed train: --hs is for word2vec; fasttext trains with negative sampling");
                FastTextConfig.Builder b = FastTextConfig.builder().dim(dim).window(window).negative(negative).minCount(minCount)
                        .epochs(passes).minn(minn).maxn(maxn).buckets(buckets).threads(nThreads).seed(seed).progress(true);
                if (skipGram) b.skipGram(); else b.cbow();
                if (sample != null) b.sample(sample);
                if (alpha != null) b.alpha(alpha);
                FastTextConfig config = b.build();
                System.out.printf(Locale.ROOT, "FastText %s, dim %d, window %d, negative %d, n-grams %d-%d in %,d buckets, %d epochs, %d threads on %s%n",
                        config.architecture(), dim, window, negative, minn, maxn, buckets, passes, nThreads, c.description());
                FastTextModel m = FastText.train(c, config);
                vectors = m.keyedVectors();
                unseen = m::vector;
            }
            case "glove" -> {
                if (hs || model != null) throw new IllegalArgumentException("embed train: --hs and --model are for word2vec and fasttext, not glove");
                GloVeConfig.Builder b = GloVeConfig.builder().dim(dim).window(window).minCount(minCount).xMax(xMax)
                        .iterations(passes).threads(nThreads).seed(seed).progress(true);
                if (alpha != null) b.eta(alpha);
                System.out.printf(Locale.ROOT, "GloVe, dim %d, window %d, x_max %.0f, %d iterations, %d threads on %s%n",
                        dim, window, xMax, passes, nThreads, c.description());
                vectors = GloVe.train(c, b.build());
            }
            default -> throw new IllegalArgumentException("embed train: --algorithm is word2vec, fasttext or glove, not '" + algorithm + "'");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        VectorFiles.write(vectors, out, f);
        System.out.printf(Locale.ROOT, "%,d words × %d in %.1f s; vectors: %s (%s)%n", vectors.size(), dim, secs, out, f);
        List<String> words = probe != null ? probe : vectors.words().subList(Math.min(50, vectors.size() - 1), Math.min(53, vectors.size()));
        java.util.LinkedHashSet<String> shown = new java.util.LinkedHashSet<>();
        for (String w : words) {
            if (!vectors.contains(w) && unseen != null) { // from its n-grams: a misspelling lands near the word
                SimilarCommand.print(w + " (not in the vocabulary; from its character n-grams)", vectors.mostSimilar(unseen.apply(w), 8));
                continue;
            }
            if (!vectors.contains(w)) continue;
            List<KeyedVectors.Match> near = vectors.mostSimilar(w, 8);
            SimilarCommand.print(w, near);
            shown.add(w);
            near.stream().limit(5).forEach(m -> shown.add(m.word()));
        }
        if (shown.size() >= 3) {
            WordProjection.plot(vectors, List.copyOf(shown), plot);
            System.out.println("plot of " + shown.size() + " words: " + plot);
        }
        if (eval) {
            Path pairs = SharedData.find("wordsim353.txt"), analogies = SharedData.find("questions-words.txt");
            if (pairs != null || analogies != null) EvalCommand.report(vectors, pairs, analogies, 30_000, false);
        }
        return 0;
    }
}
