package dev.nabla.bench;

import dev.nabla.text.Corpus;
import dev.nabla.text.EncodedCorpus;
import dev.nabla.text.FastText;
import dev.nabla.text.FastTextConfig;
import dev.nabla.text.FastTextModel;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.Subwords;
import dev.nabla.text.Tokenizer;
import dev.nabla.text.VectorFiles;
import dev.nabla.text.VectorFormat;
import dev.nabla.text.WordSimilarityEval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * fasttext-side-by-side.sh's nabla side. Two commands:
 * <pre>
 *   FastTextTrain train corpus.txt sg|cbow threads out.vec   trains with fastText's settings as the script passes
 *                                                             them (dim 100, ws 5, neg 5, minCount 5, epoch 5,
 *                                                             minn 3, maxn 6, 2,000,000 buckets, t 1e-4, lr 0.05)
 *   FastTextTrain eval vectors.vec wordsim.txt               WS-353 Spearman of any word2vec-text / .vec file
 *   FastTextTrain buckets word...                            each word and its n-gram buckets (minn 3, maxn 6,
 *                                                             2,000,000 buckets), for peers/fasttext_oov_check.py
 * </pre>
 * train prints one line: words trained (epochs × in-vocabulary tokens) and the seconds of each phase.
 */
public final class FastTextTrain {
    public static void main(String[] args) throws IOException {
        if (args.length == 5 && args[0].equals("train")) train(args);
        else if (args.length == 3 && args[0].equals("eval")) {
            KeyedVectors kv = VectorFiles.read(Path.of(args[1]));
            System.out.println(WordSimilarityEval.evaluate(kv, Path.of(args[2])));
        } else if (args.length > 1 && args[0].equals("buckets")) {
            Subwords subwords = new Subwords(3, 6, 2_000_000);
            for (String word : Arrays.asList(args).subList(1, args.length)) {
                StringBuilder line = new StringBuilder(word);
                for (int b : subwords.buckets(word)) line.append(' ').append(b);
                System.out.println(line);
            }
        } else {
            System.err.println("usage: FastTextTrain train corpus.txt sg|cbow threads out.vec | eval vectors.vec wordsim.txt | buckets word...");
            System.exit(2);
        }
    }

    private static void train(String[] args) throws IOException {
        FastTextConfig.Builder b = FastTextConfig.builder().dim(100).window(5).negative(5).minCount(5).epochs(5)
                .minn(3).maxn(6).buckets(2_000_000).sample(1e-4).alpha(0.05f).threads(Integer.parseInt(args[3]));
        switch (args[2]) {
            case "sg" -> b.skipGram();
            case "cbow" -> b.cbow();
            default -> throw new IllegalArgumentException("unknown mode " + args[2] + " (sg, cbow)");
        }
        FastTextConfig config = b.build();
        long t0 = System.nanoTime();
        Corpus corpus = Corpus.file(Path.of(args[1]), Tokenizer.english());
        FastTextModel model = FastText.train(corpus, config);
        long t1 = System.nanoTime();
        KeyedVectors kv = model.keyedVectors();
        VectorFiles.write(kv, Path.of(args[4]), VectorFormat.WORD2VEC_TEXT);
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s words=%d vocab=%d train_s=%.2f write_s=%.2f%n", args[2],
                (long) config.epochs() * model.vocabulary().totalCount(), kv.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
}
