package dev.nabla.bench;

import dev.nabla.text.wordpiece.BasicTokenizer;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.WordPieceFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * BERT tokenisation throughput: encodes a whole text (no special tokens) with a vocab.txt, best of N rounds after one
 * warm-up, each round with a freshly loaded tokenizer so that its word cache starts empty. Prints
 * "seconds TAB chars TAB tokens" and writes the ids, one a line, for comparison with the reference's.
 * <pre>
 * WordPieceBench VOCAB_TXT TEXT LOWERCASE ROUNDS IDS_OUT
 * </pre>
 */
public final class WordPieceBench {
    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: WordPieceBench VOCAB_TXT TEXT LOWERCASE ROUNDS IDS_OUT");
            System.exit(2);
        }
        Path vocab = Path.of(args[0]);
        String text = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        BasicTokenizer.Options options = Boolean.parseBoolean(args[2]) ? BasicTokenizer.Options.UNCASED : BasicTokenizer.Options.CASED;
        int rounds = Integer.parseInt(args[3]);
        int[] ids = WordPieceFiles.loadVocab(vocab, options).encode(text, null, false).ids();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            BertTokenizer tok = WordPieceFiles.loadVocab(vocab, options);
            long t0 = System.nanoTime();
            ids = tok.encode(text, null, false).ids();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        Files.writeString(Path.of(args[4]), Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n")));
        System.out.printf(Locale.ROOT, "%.6f\t%d\t%d%n", best, text.length(), ids.length);
    }
}
