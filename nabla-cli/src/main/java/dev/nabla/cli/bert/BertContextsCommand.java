package dev.nabla.cli.bert;

import dev.nabla.models.bert.BertFiles;
import dev.nabla.models.bert.BertForMaskedLM;
import dev.nabla.models.bert.BertVectors;
import dev.nabla.tensor.Generator;
import dev.nabla.text.Corpus;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.Tokenizer;
import dev.nabla.text.VectorFiles;
import dev.nabla.text.Word2Vec;
import dev.nabla.text.Word2VecConfig;
import dev.nabla.text.wordpiece.BertTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** The course demo: one word, a different BERT vector in each sentence, one Word2Vec vector for all. */
@Command(name = "contexts", mixinStandardHelpOptions = true,
        description = {"The same WORD in different sentences: BERT gives it a vector per sentence (the mean of its WordPiece pieces'",
                "last hidden states), Word2Vec one vector whatever the sentence. Prints the cosine matrix of the contextual vectors,",
                "then for each sentence the vocabulary tokens nearest its contextual vector: the masked-LM head's top predictions",
                "when the directory has one (cls.predictions), else the nearest input word embeddings by cosine. Beside them, the",
                "most similar words to WORD by Word2Vec (--vectors FILE, or --train-word2vec on the JDK's Javadoc), the same for",
                "every sentence. The two models' vectors live in different spaces, so no cosine between them is shown."})
final class BertContextsCommand implements Callable<Integer> {
    @Mixin
    BertModelOption model;

    @Option(names = {"-w", "--word"}, required = true, description = "The word to follow; it must occur in every SENTENCE.")
    String word;

    @Option(names = {"-n", "--top"}, defaultValue = "5", description = "Nearest tokens or words to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = {"-v", "--vectors"}, paramLabel = "FILE", description = "Word2Vec vectors: word2vec text or binary, fastText .vec or GloVe text.")
    Path vectors;

    @Option(names = "--train-word2vec", description = "Without --vectors: train Word2Vec (CBOW, 100 dims, 1 epoch) on the Javadoc of this JDK's src.zip first (a minute or two).")
    boolean trainWord2Vec;

    @Parameters(arity = "2..*", paramLabel = "SENTENCE")
    List<String> sentences;

    /** For tests: the cosine matrix of the contextual vectors. */
    float[][] cosines;

    @Override
    public Integer call() throws Exception {
        BertTokenizer tok = model.tokenizer();
        var loaded = BertFiles.load(model.dir, c -> new BertForMaskedLM(c, new Generator(0)));
        BertForMaskedLM mlm = loaded.model();
        boolean head = loaded.initialized().isEmpty();
        List<BertVectors.Embedded> embedded = model.embed(mlm.bert, tok, sentences);
        int n = sentences.size();
        float[][] v = new float[n][];
        System.out.println("'" + word + "' is " + String.join(" ", tok.tokenize(word)) + " in WordPiece");
        for (int i = 0; i < n; i++) {
            v[i] = BertVectors.wordVector(embedded.get(i), tok, word);
            if (v[i] == null)
                throw new IllegalArgumentException("bert contexts: sentence " + (i + 1) + " does not contain '" + word + "' (its tokens: "
                        + String.join(" ", embedded.get(i).tokens()) + ")");
            System.out.printf(Locale.ROOT, "[%d] %s%n", i + 1, sentences.get(i));
        }
        cosines = new float[n][n];
        System.out.println("cosine of the contextual vectors of '" + word + "' (1.0 only for the same vector):");
        System.out.print("     ");
        for (int j = 0; j < n; j++) System.out.printf(Locale.ROOT, " %6s", "[" + (j + 1) + "]");
        System.out.println();
        for (int i = 0; i < n; i++) {
            System.out.printf(Locale.ROOT, "%-5s", "[" + (i + 1) + "]");
            for (int j = 0; j < n; j++) System.out.printf(Locale.ROOT, " %6.3f", cosines[i][j] = BertVectors.cosine(v[i], v[j]));
            System.out.println();
        }
        KeyedVectors embeddings = head ? null : BertVectors.wordEmbeddings(mlm.bert, tok);
        System.out.println(head ? "nearest tokens by the masked-LM head (probability), per sentence:"
                : "nearest input word embeddings (cosine), per sentence (" + model.dir + " has no masked-LM head):");
        for (int i = 0; i < n; i++) {
            List<KeyedVectors.Match> near = head ? BertVectors.predictTokens(mlm, tok, v[i], top) : embeddings.mostSimilar(v[i], top);
            System.out.printf(Locale.ROOT, "[%d] %s%n", i + 1, format(near));
        }
        KeyedVectors w2v = word2vec();
        if (w2v == null) {
            System.out.println("Word2Vec: give --vectors FILE or --train-word2vec to see its single vector's neighbours beside these.");
        } else if (!w2v.contains(word)) {
            System.out.println("Word2Vec: '" + word + "' is not in its vocabulary of " + w2v.size() + " words.");
        } else {
            System.out.println("Word2Vec's most similar words to '" + word + "' (cosine), one vector, the same for every sentence:");
            System.out.println("    " + format(w2v.mostSimilar(word, top)));
        }
        return 0;
    }

    private KeyedVectors word2vec() throws Exception {
        if (vectors != null) return VectorFiles.read(vectors);
        if (!trainWord2Vec) return null;
        Corpus corpus = Corpus.builtIn(Tokenizer.english(), w -> System.err.println("bert contexts: " + w));
        return Word2Vec.train(corpus, Word2VecConfig.builder().dim(100).epochs(1).seed(1).build());
    }

    private static String format(List<KeyedVectors.Match> matches) {
        return matches.stream().map(m -> String.format(Locale.ROOT, "%s %.3f", m.word(), m.score())).collect(Collectors.joining(", "));
    }
}
