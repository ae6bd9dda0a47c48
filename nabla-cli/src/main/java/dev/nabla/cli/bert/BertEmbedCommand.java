package dev.nabla.cli.bert;

import dev.nabla.io.Json;
import dev.nabla.models.bert.BertModel;
import dev.nabla.models.bert.BertVectors;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.util.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Contextual token vectors and sentence vectors of texts. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Contextual vectors of each TEXT: every WordPiece token's last hidden state, and two sentence vectors, the [CLS]",
                "token's state and the mean over the text's tokens (mean pooling). Prints a summary; --out writes all the vectors",
                "as JSON (one object per text: text, tokens, token_vectors, cls, mean) or TSV (text, position, token, values; the",
                "sentence vectors with the positions cls and mean), chosen by the file's extension."})
final class BertEmbedCommand implements Callable<Integer> {
    @Mixin
    BertModelOption model;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the vectors to FILE.json or FILE.tsv.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "TEXT")
    List<String> texts;

    @Override
    public Integer call() throws Exception {
        if (out != null && !out.toString().endsWith(".json") && !out.toString().endsWith(".tsv"))
            throw new IllegalArgumentException("bert embed: --out must end in .json or .tsv, got " + out);
        BertTokenizer tok = model.tokenizer();
        BertModel m = model.model();
        List<BertVectors.Embedded> vectors = model.embed(m, tok, texts);
        for (int i = 0; i < vectors.size(); i++) {
            var e = vectors.get(i);
            System.out.printf(Locale.ROOT, "[%d] %s%n    %d tokens: %s%n    cls  %s%n    mean %s%n", i, e.text(), e.tokens().size(),
                    String.join(" ", e.tokens()), head(e.cls()), head(e.mean()));
        }
        if (out != null) {
            byte[] bytes = (out.toString().endsWith(".json") ? json(vectors) : tsv(vectors)).getBytes(StandardCharsets.UTF_8);
            Files.writeAtomically(out, bytes);
            System.out.printf(Locale.ROOT, "wrote %d texts' vectors (%d dimensions) to %s%n", vectors.size(), vectors.getFirst().cls().length, out);
        }
        return 0;
    }

    /** The first values and the norm: "[0.1234, -0.5678, ...] (768 dims, norm 12.34)". */
    static String head(float[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(4, v.length); i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", v[i]));
        double n = 0;
        for (float x : v) n += x * x;
        return sb.append(v.length > 4 ? ", ...] " : "] ").append(String.format(Locale.ROOT, "(%d dims, norm %.3f)", v.length, Math.sqrt(n))).toString();
    }

    private static String json(List<BertVectors.Embedded> vectors) {
        List<Object> all = new ArrayList<>();
        for (var e : vectors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("text", e.text());
            m.put("tokens", e.tokens());
            List<Object> rows = new ArrayList<>();
            for (float[] v : e.tokenVectors()) rows.add(list(v));
            m.put("token_vectors", rows);
            m.put("cls", list(e.cls()));
            m.put("mean", list(e.mean()));
            all.add(m);
        }
        return Json.write(all, 0) + "\n";
    }

    private static List<Double> list(float[] v) {
        List<Double> l = new ArrayList<>(v.length);
        for (float x : v) l.add((double) x);
        return l;
    }

    private static String tsv(List<BertVectors.Embedded> vectors) {
        StringBuilder sb = new StringBuilder("text\tposition\ttoken\tvalues\n");
        for (int i = 0; i < vectors.size(); i++) {
            var e = vectors.get(i);
            for (int j = 0; j < e.tokens().size(); j++) row(sb, i, Integer.toString(j), e.tokens().get(j), e.tokenVectors()[j]);
            row(sb, i, "cls", "", e.cls());
            row(sb, i, "mean", "", e.mean());
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, int text, String position, String token, float[] v) {
        sb.append(text).append('\t').append(position).append('\t').append(token);
        for (float x : v) sb.append('\t').append(x);
        sb.append('\n');
    }
}
