package dev.nabla.models.bert;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.Encoding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Hugging Face's fill-mask pipeline: the most probable tokens for each [MASK] of a text. */
public final class FillMask {
    private FillMask() {}

    /** A candidate for one [MASK]: the token, its id and its probability (softmax of the MLM logits). */
    public record Prediction(String token, int id, double probability) {}

    /** For each [MASK] of text, in order, its topK predictions, most probable first. */
    public static List<List<Prediction>> predict(BertForMaskedLM model, BertTokenizer tok, String text, int topK) {
        if (topK <= 0) throw new IllegalArgumentException("fill-mask: top-k must be > 0, got " + topK);
        Encoding e = tok.encode(text);
        int mask = tok.maskTokenId(), n = e.length(), vocab = tok.size();
        int[] at = IntStream.range(0, n).filter(i -> e.ids()[i] == mask).toArray();
        if (at.length == 0) throw new IllegalArgumentException("fill-mask: the text has no " + tok.maskToken() + " to fill: \"" + text + "\"");
        if (n > model.config.maxPositionEmbeddings())
            throw new IllegalArgumentException("fill-mask: the text has " + n + " tokens, more than the model's " + model.config.maxPositionEmbeddings());
        float[] probs;
        try (NoGrad ignored = NoGrad.enter()) {
            model.eval();
            IntTensor ids = IntTensor.wrap(e.ids(), 1, n), types = IntTensor.wrap(e.tokenTypeIds(), 1, n), attention = IntTensor.wrap(e.attentionMask(), 1, n);
            Tensor out = model.forward(ids, types, attention).reshape(n, vocab).indexSelect(0, IntTensor.wrap(at, at.length));
            probs = out.softmax(-1).toArray();
        }
        List<List<Prediction>> all = new ArrayList<>();
        for (int m = 0; m < at.length; m++) {
            int base = m * vocab;
            List<Prediction> top = IntStream.range(0, vocab).boxed()
                    .sorted(Comparator.comparingDouble((Integer v) -> -probs[base + v]).thenComparingInt(v -> v)).limit(topK)
                    .map(v -> new Prediction(tok.token(v), v, probs[base + v])).toList();
            all.add(top);
        }
        return all;
    }
}
