package dev.nabla.bench;

import dev.nabla.text.AnalogyEval;
import dev.nabla.text.Cooccurrence;
import dev.nabla.text.Cooccurrences;
import dev.nabla.text.Corpus;
import dev.nabla.text.EncodedCorpus;
import dev.nabla.text.GloVe;
import dev.nabla.text.GloVeConfig;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.Tokenizer;
import dev.nabla.text.VectorFiles;
import dev.nabla.text.VectorFormat;
import dev.nabla.text.Vocabulary;
import dev.nabla.text.WordSimilarityEval;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * glove-side-by-side.sh's nabla side.
 * <pre>
 * GloveBench train corpus.txt window threads iterations memoryMiB xMax out.txt [ref-vocab.txt ref-cooccurrence.bin]
 *     trains GloVe (dim 100, minCount 5, alpha 0.75, eta 0.05) and writes GloVe text vectors (W + W̃);
 *     prints one line of phase seconds; with the reference's vocab.txt and cooccurrence.bin, first checks that both
 *     tools counted the same vocabulary and the same co-occurrences.
 * GloveBench eval vectors.txt wordsim353.txt questions-words.txt
 *     prints WS-353 Spearman and analogy accuracy (3CosAdd, top 30,000 words) of a GloVe text file.
 * </pre>
 */
public final class GloveBench {
    public static void main(String[] args) throws IOException {
        if ((args.length == 8 || args.length == 10) && args[0].equals("train")) train(args);
        else if (args.length == 4 && args[0].equals("eval")) eval(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        else {
            System.err.println("usage: GloveBench train corpus.txt window threads iterations memoryMiB xMax out.txt [ref-vocab.txt ref-cooccurrence.bin]\n"
                    + "       GloveBench eval vectors.txt wordsim353.txt questions-words.txt");
            System.exit(2);
        }
    }

    private static void train(String[] a) throws IOException {
        GloVeConfig config = GloVeConfig.builder().dim(100).minCount(5).window(Integer.parseInt(a[2]))
                .threads(Integer.parseInt(a[3])).iterations(Integer.parseInt(a[4])).memoryBytes(Long.parseLong(a[5]) << 20).xMax(Double.parseDouble(a[6])).build();
        long t0 = System.nanoTime();
        Corpus corpus = Corpus.file(Path.of(a[1]), Tokenizer.english());
        Vocabulary vocabulary = Vocabulary.build(corpus, config.minCount(), config.maxVocabulary());
        KeyedVectors kv;
        long t1, t2, t3, t4, pairs;
        try (EncodedCorpus encoded = EncodedCorpus.encode(corpus, vocabulary)) {
            t1 = System.nanoTime();
            try (Cooccurrences counts = Cooccurrence.count(encoded, config.window(), config.threads(), config.memoryBytes(), config.progress())) {
                t2 = System.nanoTime();
                pairs = counts.size();
                if (a.length == 10) System.out.println(compare(counts, Path.of(a[8]), Path.of(a[9]))); // not timed
                t3 = System.nanoTime();
                kv = GloVe.train(counts, config, null);
                t4 = System.nanoTime();
            }
        }
        VectorFiles.write(kv, Path.of(a[7]), VectorFormat.GLOVE);
        System.out.printf(Locale.ROOT, "vocab=%d tokens=%d pairs=%d prepare_s=%.2f count_s=%.2f train_s=%.2f%n", vocabulary.size(),
                vocabulary.totalCount(), pairs, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t4 - t3) / 1e9);
    }

    /**
     * The reference's vocabulary (vocab.txt: "word count" lines) and counts (cooccurrence.bin: int, int, double records,
     * ids from 1, sorted) against nabla's: the same words in the same order, the same pairs, and the largest relative
     * difference of x (the reference sums doubles in another order, nabla sums exactly).
     */
    private static String compare(Cooccurrences counts, Path refVocab, Path refCounts) throws IOException {
        List<String> lines = Files.readAllLines(refVocab);
        Vocabulary v = counts.vocabulary();
        if (lines.size() != v.size()) return "counts check: vocabularies differ in size: reference " + lines.size() + ", nabla " + v.size();
        for (int k = 0; k < lines.size(); k++) {
            String word = lines.get(k).substring(0, lines.get(k).indexOf(' '));
            if (!word.equals(v.word(k))) return "counts check: word " + k + " is '" + word + "' in the reference, '" + v.word(k) + "' in nabla";
        }
        long[] stats = new long[3]; // pairs matched, pairs only in nabla, reference pairs read
        double[] maxRel = new double[1];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(refCounts), 1 << 16))) {
            long[] ref = new long[2]; // next reference key, its x bits; key -1 at the end
            readRef(in, ref, stats);
            counts.forEach((i, j, x) -> {
                long key = (long) i << 32 | j;
                while (ref[0] >= 0 && ref[0] < key) readRef(in, ref, stats); // only in the reference: counted below
                if (ref[0] == key) {
                    double r = Double.longBitsToDouble(ref[1]);
                    maxRel[0] = Math.max(maxRel[0], Math.abs(x - r) / r);
                    stats[0]++;
                    readRef(in, ref, stats);
                } else stats[1]++;
            });
            while (ref[0] >= 0) readRef(in, ref, stats);
        }
        return String.format(Locale.ROOT, "counts check: same vocabulary of %d words; pairs: %d in both, %d only in nabla, %d only in the reference; largest relative difference of x %.3g",
                v.size(), stats[0], stats[1], stats[2] - stats[0], maxRel[0]);
    }

    private static void readRef(DataInputStream in, long[] ref, long[] stats) throws IOException {
        try {
            int i = Integer.reverseBytes(in.readInt()) - 1, j = Integer.reverseBytes(in.readInt()) - 1;
            ref[0] = (long) i << 32 | j;
            ref[1] = Long.reverseBytes(in.readLong());
            stats[2]++;
        } catch (EOFException e) {
            ref[0] = -1;
        }
    }

    private static void eval(Path vectors, Path ws353, Path questions) throws IOException {
        KeyedVectors kv = VectorFiles.read(vectors, VectorFormat.GLOVE);
        if (kv.contains("<unk>")) { // glove.c appends the mean of the rarest words as <unk>: not a word of the corpus
            int n = kv.size() - 1, dim = kv.dim(), unk = kv.indexOf("<unk>");
            float[] m = new float[n * dim];
            List<String> words = new java.util.ArrayList<>(kv.words());
            words.remove(unk);
            for (int r = 0, o = 0; r < kv.size(); r++) if (r != unk) System.arraycopy(kv.matrix(), r * dim, m, o++ * dim, dim);
            kv = new KeyedVectors(words, dim, m);
        }
        WordSimilarityEval.Result ws = WordSimilarityEval.evaluate(kv, ws353);
        AnalogyEval.Result an = AnalogyEval.evaluate(kv, questions);
        System.out.printf(Locale.ROOT, "ws353_spearman=%.4f ws353_pairs=%d/%d analogy=%.4f analogy_evaluated=%d/%d%n", ws.spearman(),
                ws.used(), ws.pairs(), an.total().accuracy(), an.total().evaluated(), an.total().questions());
    }
}
