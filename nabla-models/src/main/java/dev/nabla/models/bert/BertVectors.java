package dev.nabla.models.bert;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Tensor;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.Encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Contextual vectors from a BERT encoder: each token's last hidden state, and two sentence vectors, the [CLS] token's
 * state and the mean of the states of all tokens (with [CLS] and [SEP], without padding) as sentence-transformers'
 * mean pooling; the vector of a word in a sentence (the mean of its WordPiece pieces); cosine similarity; and the
 * vocabulary tokens nearest to a vector, by the masked-LM head or by the input word embeddings.
 */
public final class BertVectors {
    private BertVectors() {}

    /** One text's tokens (no padding), their vectors (tokens × H), and its [CLS] and mean-pooled sentence vectors. */
    public record Embedded(String text, List<String> tokens, float[][] tokenVectors, float[] cls, float[] mean) {}

    /** The texts through the model in eval mode, each truncated to maxLength tokens. */
    public static List<Embedded> embed(BertModel model, BertTokenizer tokenizer, List<String> texts, int maxLength) {
        BertBatch b = BertBatch.of(tokenizer, texts, maxLength);
        boolean wasTraining = model.isTraining();
        model.eval();
        Tensor hidden, mean;
        try (var ignored = NoGrad.enter()) {
            hidden = model.forward(b.inputIds(), b.tokenTypeIds(), b.attentionMask()).lastHiddenState().contiguous();
            mean = BertModel.meanPool(hidden, b.attentionMask()).contiguous();
        } finally {
            model.train(wasTraining);
        }
        int t = hidden.size(1), h = hidden.size(2);
        float[] all = hidden.toArray(), means = mean.toArray();
        List<Embedded> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Encoding e = b.encodings().get(i);
            List<String> tokens = new ArrayList<>();
            for (int j = 0; j < t; j++) if (e.attentionMask()[j] == 1) tokens.add(e.tokens()[j]);
            float[][] vectors = new float[tokens.size()][];
            for (int j = 0; j < vectors.length; j++) vectors[j] = Arrays.copyOfRange(all, (i * t + j) * h, (i * t + j + 1) * h);
            out.add(new Embedded(texts.get(i), List.copyOf(tokens), vectors, vectors[0], Arrays.copyOfRange(means, i * h, (i + 1) * h)));
        }
        return out;
    }

    /**
     * The vector of word in an embedded text: the mean of the token vectors of the first place where the word's
     * WordPiece pieces occur in a row (so casing and accents follow the tokenizer); null where they do not.
     */
    public static float[] wordVector(Embedded e, BertTokenizer tokenizer, String word) {
        List<String> pieces = tokenizer.tokenize(word);
        if (pieces.isEmpty()) throw new IllegalArgumentException("BertVectors: '" + word + "' has no tokens");
        for (int at = 0; at + pieces.size() <= e.tokens().size(); at++) {
            if (!e.tokens().subList(at, at + pieces.size()).equals(pieces)) continue;
            float[] v = new float[e.cls().length];
            for (int j = at; j < at + pieces.size(); j++)
                for (int k = 0; k < v.length; k++) v[k] += e.tokenVectors()[j][k] / pieces.size();
            return v;
        }
        return null;
    }

    public static float cosine(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("cosine: vectors of " + a.length + " and " + b.length + " dimensions");
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : (float) (dot / Math.sqrt(na * nb));
    }

    /** The input word embeddings as word vectors under their tokens, to search by cosine. */
    public static KeyedVectors wordEmbeddings(BertModel model, BertTokenizer tokenizer) {
        Tensor w = model.wordEmbeddings().detach().contiguous();
        int n = Math.min(tokenizer.size(), w.size(0)), h = w.size(1);
        List<String> tokens = new ArrayList<>(n);
        for (int i = 0; i < n; i++) tokens.add(tokenizer.token(i));
        return new KeyedVectors(tokens, h, Arrays.copyOf(w.toArray(), n * h));
    }

    /**
     * The k tokens the masked-LM head ranks highest for a last-layer hidden state (as fill-mask would at that position),
     * with their probabilities; special tokens are skipped.
     */
    public static List<KeyedVectors.Match> predictTokens(BertForMaskedLM model, BertTokenizer tokenizer, float[] hidden, int k) {
        float[] p;
        try (var ignored = NoGrad.enter()) {
            p = model.cls.predictions.forward(Tensor.of(hidden, 1, hidden.length)).softmax(-1).contiguous().toArray();
        }
        List<KeyedVectors.Match> out = new ArrayList<>();
        Integer[] ids = new Integer[Math.min(p.length, tokenizer.size())];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        Arrays.sort(ids, (x, y) -> Float.compare(p[y], p[x]));
        for (int i = 0; i < ids.length && out.size() < k; i++)
            if (!tokenizer.isSpecial(ids[i])) out.add(new KeyedVectors.Match(tokenizer.token(ids[i]), p[ids[i]]));
        return out;
    }
}
