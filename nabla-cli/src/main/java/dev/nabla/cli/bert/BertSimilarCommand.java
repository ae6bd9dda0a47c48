package dev.nabla.cli.bert;

import dev.nabla.models.bert.BertModel;
import dev.nabla.models.bert.BertVectors;
import dev.nabla.text.wordpiece.BertTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Candidates ranked by the cosine of their sentence vector to the query's. */
@Command(name = "similar", mixinStandardHelpOptions = true,
        description = {"Rank each CANDIDATE text by the cosine similarity of its sentence vector to the QUERY's (mean pooling of the",
                "last hidden states by default). A BERT that was not trained for sentence similarity gives rough rankings."})
final class BertSimilarCommand implements Callable<Integer> {
    @Mixin
    BertModelOption model;

    @Option(names = "--pooling", defaultValue = "mean", paramLabel = "mean|cls", description = "Sentence vector: mean of the tokens or the [CLS] token (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Parameters(index = "0", paramLabel = "QUERY")
    String query;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CANDIDATE")
    List<String> candidates;

    /** For tests: the candidates in ranked order with their cosines. */
    record Ranked(String text, float cosine) {}

    List<Ranked> ranking;

    @Override
    public Integer call() throws Exception {
        if (!pooling.equals("mean") && !pooling.equals("cls"))
            throw new IllegalArgumentException("bert similar: --pooling must be mean or cls, got '" + pooling + "'");
        BertTokenizer tok = model.tokenizer();
        BertModel m = model.model();
        List<String> texts = new ArrayList<>(List.of(query));
        texts.addAll(candidates);
        List<BertVectors.Embedded> v = model.embed(m, tok, texts);
        ranking = new ArrayList<>();
        for (int i = 1; i < v.size(); i++) ranking.add(new Ranked(texts.get(i), BertVectors.cosine(vector(v.getFirst()), vector(v.get(i)))));
        ranking.sort(Comparator.comparingDouble(r -> -r.cosine()));
        System.out.println("query: " + query);
        for (int i = 0; i < ranking.size(); i++) System.out.printf(Locale.ROOT, "%3d. %.4f  %s%n", i + 1, ranking.get(i).cosine(), ranking.get(i).text());
        return 0;
    }

    private float[] vector(BertVectors.Embedded e) {
        return pooling.equals("cls") ? e.cls() : e.mean();
    }
}
