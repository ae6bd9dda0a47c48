package dev.nabla.models.bert;

import dev.nabla.tensor.Generator;
import dev.nabla.text.wordpiece.BertTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Tokenised documents and the training sequences BERT builds from them, as Google's create_pretraining_data.py but
 * drawn afresh for each batch from a generator (so a seeded run, and one resumed with that generator's state, sees
 * the same sequences). With next-sentence prediction, a sequence is [CLS] A [SEP] B [SEP]: A is the first of some
 * consecutive sentences of a document, B either the sentences that follow (label 0) or, half the time, text of
 * another document (label 1); token_type_ids are 0 up to the first [SEP], 1 after. Without it, [CLS] A [SEP] with A
 * contiguous text of one document. Either way a sequence targets seqLen tokens, or with probability 0.1 a shorter
 * random length (so that the model also sees short inputs), and never exceeds it.
 */
public final class PretrainingData {
    static final double SHORT_SEQ_PROB = 0.1;

    private final int[][] sentences;
    private final int[] document;    // the document of each sentence
    private final int[] documentStart, documentEnd; // the document's first sentence, and the index after its last, per sentence
    private final int[] pairStarts;  // sentences that a sentence of the same document follows
    private final long tokens;
    private final int cls, sep;

    /** One training sequence: ids with [CLS] and [SEP], token types, the NSP label (-100 without NSP). */
    public record Example(int[] ids, int[] tokenTypeIds, int nextSentenceLabel) {}

    /** The documents tokenised with tok (no special tokens); sentences without tokens are dropped. */
    public static PretrainingData encode(List<List<String>> documents, BertTokenizer tokenizer) {
        BertTokenizer tok = tokenizer.withTruncation(null).withPadding(null); // a tokenizer.json may carry either
        List<int[]> sentences = new ArrayList<>();
        List<Integer> docOf = new ArrayList<>();
        int d = 0;
        for (List<String> doc : documents) {
            int before = sentences.size();
            for (String s : doc) {
                int[] ids = tok.encode(s, null, false).ids();
                if (ids.length == 0) continue;
                sentences.add(ids);
                docOf.add(d);
            }
            if (sentences.size() > before) d++;
        }
        return new PretrainingData(sentences.toArray(int[][]::new), docOf.stream().mapToInt(Integer::intValue).toArray(),
                tok.clsTokenId(), tok.sepTokenId());
    }

    PretrainingData(int[][] sentences, int[] document, int cls, int sep) {
        if (sentences.length == 0) throw new IllegalArgumentException("PretrainingData: no sentences with tokens");
        this.sentences = sentences;
        this.document = document;
        this.cls = cls;
        this.sep = sep;
        int n = sentences.length;
        documentStart = new int[n];
        documentEnd = new int[n];
        for (int i = 0; i < n; i++) documentStart[i] = i > 0 && document[i - 1] == document[i] ? documentStart[i - 1] : i;
        for (int i = n - 1; i >= 0; i--) documentEnd[i] = i + 1 < n && document[i + 1] == document[i] ? documentEnd[i + 1] : i + 1;
        pairStarts = IntStream.range(0, n).filter(i -> documentEnd[i] > i + 1).toArray();
        long t = 0;
        for (int[] s : sentences) t += s.length;
        tokens = t;
    }

    public int sentences() { return sentences.length; }

    /** Each sentence's ids (no special tokens), in order; the arrays are the data's own: read them only. */
    void forEachSentence(java.util.function.Consumer<int[]> action) {
        for (int[] s : sentences) action.accept(s);
    }

    /** Tokens of all sentences, without special tokens. */
    public long tokens() { return tokens; }

    /** A training sequence of at most seqLen tokens drawn with g. */
    public Example sample(Generator g, int seqLen, boolean nsp) {
        if (seqLen < 5) throw new IllegalArgumentException("PretrainingData: seqLen must be at least 5, got " + seqLen);
        if (nsp && pairStarts.length == 0)
            throw new IllegalArgumentException("PretrainingData: next-sentence prediction needs a document of two or more sentences");
        int max = seqLen - (nsp ? 3 : 2);
        int target = g.nextDouble() < SHORT_SEQ_PROB ? 2 + g.nextInt(max - 1) : max;
        if (!nsp) {
            int s = g.nextInt(sentences.length);
            int[] a = concat(s, documentEnd[s], target);
            return example(Arrays.copyOf(a, Math.min(a.length, target)), null, DynamicMasking.IGNORE);
        }
        int s = pairStarts[g.nextInt(pairStarts.length)];
        int end = s + 2; // a chunk of at least two sentences, to the target length or the document's end
        for (int len = sentences[s].length + sentences[s + 1].length; end < documentEnd[s] && len < target; end++) len += sentences[end].length;
        int aEnd = s + 1 + g.nextInt(end - s - 1);
        int[] a = concat(s, aEnd, Integer.MAX_VALUE), b;
        int label;
        if (g.nextDouble() < 0.5) {
            int r = g.nextInt(sentences.length);
            for (int tries = 0; tries < 10 && document[r] == document[s]; tries++) r = g.nextInt(sentences.length);
            b = concat(r, documentEnd[r], Math.max(1, target - a.length));
            label = 1;
        } else {
            b = concat(aEnd, end, Integer.MAX_VALUE);
            label = 0;
        }
        // trim the longer segment, A at its front and B at its back, so that the junction of A and B stays
        int aFrom = 0, bTo = b.length;
        while ((a.length - aFrom) + bTo > max) {
            if (a.length - aFrom > bTo) aFrom++;
            else bTo--;
        }
        return example(Arrays.copyOfRange(a, aFrom, a.length), Arrays.copyOf(b, bTo), label);
    }

    /**
     * Two different sentences of one document of two or more (documents drawn in proportion to their sentences less
     * one), each as [CLS] sentence [SEP] cut to seqLen tokens: a pair for {@link DocumentContrast}.
     */
    public Example[] samplePair(Generator g, int seqLen) {
        if (seqLen < 3) throw new IllegalArgumentException("PretrainingData: seqLen must be at least 3, got " + seqLen);
        if (pairStarts.length == 0) throw new IllegalArgumentException("PretrainingData: pairs of sentences need a document of two or more sentences");
        int s = pairStarts[g.nextInt(pairStarts.length)], from = documentStart[s], n = documentEnd[s] - from;
        int i = g.nextInt(n), j = g.nextInt(n - 1);
        if (j >= i) j++;
        return new Example[] {sentence(from + i, seqLen), sentence(from + j, seqLen)};
    }

    private Example sentence(int s, int seqLen) {
        return example(Arrays.copyOf(sentences[s], Math.min(sentences[s].length, seqLen - 2)), null, DynamicMasking.IGNORE);
    }

    /** The tokens of sentences [from, to), stopping at the first sentence that reaches limit tokens. */
    private int[] concat(int from, int to, int limit) {
        int n = 0, end = from;
        while (end < to && n < limit) n += sentences[end++].length;
        int[] out = new int[n];
        for (int i = from, at = 0; i < end; at += sentences[i++].length) System.arraycopy(sentences[i], 0, out, at, sentences[i].length);
        return out;
    }

    private Example example(int[] a, int[] b, int label) {
        int n = a.length + 2 + (b == null ? 0 : b.length + 1);
        int[] ids = new int[n], types = new int[n];
        ids[0] = cls;
        System.arraycopy(a, 0, ids, 1, a.length);
        ids[a.length + 1] = sep;
        if (b != null) {
            System.arraycopy(b, 0, ids, a.length + 2, b.length);
            ids[n - 1] = sep;
            Arrays.fill(types, a.length + 2, n, 1);
        }
        return new Example(ids, types, label);
    }
}
