package dev.nabla.bench;

import dev.nabla.text.bpe.BpeFiles;
import dev.nabla.text.bpe.BpeTokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * GPT-2 tokenisation throughput: encodes a text with GPT-2's vocabulary, best of N rounds after one warm-up, each
 * round with a freshly loaded tokenizer so that its word cache starts empty (as the reference script does).
 * Prints "seconds TAB bytes TAB tokens" and writes the ids, one a line, for comparison with the reference's.
 * <pre>
 * Gpt2TokenizerBench VOCAB_DIR TEXT ROUNDS IDS_OUT
 * </pre>
 */
public final class Gpt2TokenizerBench {
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: Gpt2TokenizerBench VOCAB_DIR TEXT ROUNDS IDS_OUT");
            System.exit(2);
        }
        Path vocab = Path.of(args[0]);
        String text = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        int rounds = Integer.parseInt(args[2]);
        int[] ids = BpeFiles.load(vocab).encode(text);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            BpeTokenizer tok = BpeFiles.load(vocab);
            long t0 = System.nanoTime();
            ids = tok.encode(text);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        Files.writeString(Path.of(args[3]), Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n")));
        System.out.printf(Locale.ROOT, "%.6f\t%d\t%d%n", best, text.getBytes(StandardCharsets.UTF_8).length, ids.length);
    }
}
