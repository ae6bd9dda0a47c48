package dev.nabla.bench;

import dev.nabla.text.bpe.BpeFiles;
import dev.nabla.text.bpe.BpeTokenizer;
import dev.nabla.text.bpe.BpeTrainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains a byte-level BPE tokenizer (GPT-2 style, with {@code <|endoftext|>} as the last id) on a text and writes
 * vocab.json + merges.txt, then reloads them and checks that the text round-trips.
 * <pre>
 * BpeTrain TEXT VOCAB_SIZE OUT_DIR
 * </pre>
 */
public final class BpeTrain {
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: BpeTrain TEXT VOCAB_SIZE OUT_DIR");
            System.exit(2);
        }
        Path text = Path.of(args[0]), out = Path.of(args[2]);
        long t0 = System.nanoTime();
        BpeTokenizer tok = BpeTrainer.train(text, Integer.parseInt(args[1]), List.of(BpeFiles.END_OF_TEXT), true);
        double secs = (System.nanoTime() - t0) / 1e9;
        BpeFiles.save(tok, out);
        BpeTokenizer back = BpeFiles.load(out);
        String s = Files.readString(text, StandardCharsets.UTF_8);
        int[] ids = back.encode(s);
        System.out.printf(Locale.ROOT, "trained %d tokens (%d merges) in %.2f s; %d bytes -> %d ids (%.2f bytes/id); round trip %s%n",
                tok.size(), tok.merges(), secs, s.getBytes(StandardCharsets.UTF_8).length, ids.length,
                (double) s.getBytes(StandardCharsets.UTF_8).length / ids.length, back.decode(ids).equals(s) ? "exact" : "FAILED");
    }
}
