package dev.nabla.models.bert;

import dev.nabla.tensor.Tensor;
import dev.nabla.text.Corpus;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.Word2Vec;
import dev.nabla.text.Word2VecConfig;
import dev.nabla.text.wordpiece.BertTokenizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Word2Vec vectors of a WordPiece vocabulary, to start a BERT's word embeddings from what the words' neighbours say
 * instead of from noise: a minute of CBOW on the pretraining text gives every frequent piece a vector that already
 * places it near the pieces used like it, which the masked LM would otherwise learn slowly from its own gradient.
 */
public final class WordPieceVectors {
    private WordPieceVectors() {}

    /** CBOW vectors of dim (word2vec's other defaults: window 5, negative 5, min count 5, 5 epochs) of the tokens of data's sentences, which tok encoded. */
    public static KeyedVectors train(BertTokenizer tok, PretrainingData data, int dim, int threads, long seed) throws IOException {
        Corpus pieces = Corpus.tokenized("the WordPiece tokens of " + data.sentences() + " sentences", action -> {
            List<String> tokens = new ArrayList<>();
            data.forEachSentence(ids -> {
                tokens.clear();
                for (int id : ids) tokens.add(tok.token(id));
                action.accept(tokens);
            });
        });
        return Word2Vec.train(pieces, Word2VecConfig.builder().cbow().dim(dim).threads(threads).seed(seed).progress(false).build());
    }

    /**
     * Copies the vector of every token of tok that vectors has into its row of embeddings (vocab, dim), all scaled by
     * one factor that gives their components the standard deviation std (the initialiser's, so that the tied output
     * layer starts at its usual scale); other rows keep their values. Returns the number of rows set.
     */
    public static int copyInto(KeyedVectors vectors, BertTokenizer tok, Tensor embeddings, double std) {
        int[] shape = embeddings.shape();
        if (shape.length != 2 || shape[0] != tok.size() || shape[1] != vectors.dim())
            throw new IllegalArgumentException("WordPieceVectors.copyInto: embeddings of shape " + java.util.Arrays.toString(shape)
                    + " for " + tok.size() + " tokens and vectors of dim " + vectors.dim());
        if (!embeddings.isContiguous()) throw new IllegalArgumentException("WordPieceVectors.copyInto: the embeddings are not contiguous");
        double sum = 0, sumSq = 0;
        for (float x : vectors.matrix()) {
            sum += x;
            sumSq += (double) x * x;
        }
        long n = vectors.matrix().length;
        double mean = sum / n, scale = std / Math.sqrt(Math.max(sumSq / n - mean * mean, 1e-30));
        float[] w = embeddings.storage(), v = vectors.matrix();
        int dim = shape[1], off = embeddings.storageOffset(), set = 0;
        for (int id = 0; id < tok.size(); id++) {
            int row = vectors.indexOf(tok.token(id));
            if (row < 0) continue;
            for (int d = 0; d < dim; d++) w[off + id * dim + d] = (float) (v[row * dim + d] * scale);
            set++;
        }
        return set;
    }
}
