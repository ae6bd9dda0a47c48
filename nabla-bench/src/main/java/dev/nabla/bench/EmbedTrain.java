package dev.nabla.bench;

import dev.nabla.text.Corpus;
import dev.nabla.text.EncodedCorpus;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.Tokenizer;
import dev.nabla.text.Vocabulary;
import dev.nabla.text.Word2Vec;
import dev.nabla.text.Word2VecConfig;

import dev.nabla.text.VectorFiles;
import dev.nabla.text.VectorFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains Word2Vec on a text file as embed-side-by-side.sh's nabla side, with the settings (dim 100, window 5,
 * negative 5, minCount 5, sample 1e-3, 5 epochs), and writes the vectors in word2vec's text format for evaluation.
 * Usage: EmbedTrain corpus.txt sg-ns|cbow-ns|sg-hs threads out.vec
 * Prints one line: mode, words trained (epochs × in-vocabulary tokens), and the seconds of each phase.
 */
public final class EmbedTrain {
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: EmbedTrain corpus.txt sg-ns|cbow-ns|sg-hs threads out.vec");
            System.exit(2);
        }
        Word2VecConfig.Builder b = Word2VecConfig.builder().dim(100).window(5).minCount(5).sample(1e-3).epochs(5)
                .threads(Integer.parseInt(args[2])).seed(Long.parseLong(System.getenv().getOrDefault("SEED", "1")));
        switch (args[1]) {
            case "sg-ns" -> b.skipGram().negative(5);
            case "cbow-ns" -> b.cbow().negative(5);
            case "sg-hs" -> b.skipGram().negative(0).hierarchicalSoftmax(true);
            default -> throw new IllegalArgumentException("unknown mode " + args[1]);
        }
        Word2VecConfig config = b.build();
        long t0 = System.nanoTime();
        Corpus corpus = Corpus.file(Path.of(args[0]), Tokenizer.english());
        Vocabulary vocabulary = Vocabulary.build(corpus, config.minCount(), config.maxVocabulary());
        KeyedVectors kv;
        long t1, t2;
        try (EncodedCorpus encoded = EncodedCorpus.encode(corpus, vocabulary)) {
            t1 = System.nanoTime();
            kv = Word2Vec.train(encoded, config);
            t2 = System.nanoTime();
        }
        VectorFiles.write(kv, Path.of(args[3]), VectorFormat.WORD2VEC_TEXT);
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s words=%d vocab=%d prepare_s=%.2f train_s=%.2f write_s=%.2f%n", args[1],
                (long) config.epochs() * vocabulary.totalCount(), vocabulary.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }
}
