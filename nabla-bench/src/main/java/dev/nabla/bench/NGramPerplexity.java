package dev.nabla.bench;

import dev.nabla.tensor.Generator;
import dev.nabla.text.NGramModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Character-level n-gram baseline: trains on the first 90% of a text, prints the validation perplexity of the last
 * 10% for each order, and a sample from the highest order.
 * <pre>
 * NGramPerplexity text.txt [minOrder maxOrder]     (default 3..7)
 * </pre>
 * Every character is a token; the vocabulary is the training part's characters (others are unknown).
 */
public final class NGramPerplexity {
    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: NGramPerplexity text.txt [minOrder maxOrder]");
            System.exit(2);
        }
        String text = Files.readString(Path.of(args[0]));
        int minOrder = args.length == 3 ? Integer.parseInt(args[1]) : 3;
        int maxOrder = args.length == 3 ? Integer.parseInt(args[2]) : 7;
        int split = (int) (text.length() * 0.9);
        String train = text.substring(0, split), validation = text.substring(split);
        char[] alphabet = alphabet(train);
        int[] trainIds = ids(train, alphabet), validationIds = ids(validation, alphabet);
        System.out.printf(Locale.ROOT, "%d train / %d validation characters, %d distinct%n",
                trainIds.length, validationIds.length, alphabet.length);
        NGramModel model = null;
        for (int n = minOrder; n <= maxOrder; n++) {
            long t0 = System.nanoTime();
            model = NGramModel.train(trainIds, alphabet.length, n);
            long t1 = System.nanoTime();
            double ppl = model.perplexity(validationIds);
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "order %d: validation perplexity %.4f (%.4f bits/char), %d distinct %d-grams,"
                            + " D = %.3f %.3f %.3f, train %.2f s, score %.2f s%n", n, ppl, Math.log(ppl) / Math.log(2),
                    model.distinct(n), n, model.discount(n, 1), model.discount(n, 2), model.discount(n, 3),
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
        Generator random = new Generator(1);
        String prompt = "ROMEO:\n";
        int[] generated = Arrays.copyOf(ids(prompt, alphabet), prompt.length() + 300);
        StringBuilder out = new StringBuilder(prompt);
        for (int i = prompt.length(); i < generated.length; i++) {
            int[] context = Arrays.copyOfRange(generated, Math.max(0, i - model.order() + 1), i);
            generated[i] = model.sample(context, 0.8, 0, random);
            out.append(alphabet[generated[i]]);
        }
        System.out.println("sample (order " + model.order() + ", temperature 0.8, seed 1):\n" + out);
    }

    private static char[] alphabet(String text) {
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) set.add(text.charAt(i));
        char[] chars = new char[set.size()];
        int i = 0;
        for (char c : set) chars[i++] = c;
        return chars;
    }

    private static int[] ids(String text, char[] alphabet) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) ids[i] = Arrays.binarySearch(alphabet, text.charAt(i));
        return ids;   // a character outside the alphabet gets a negative id: the model's unknown token
    }
}
