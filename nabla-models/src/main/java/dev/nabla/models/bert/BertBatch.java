package dev.nabla.models.bert;

import dev.nabla.tensor.IntTensor;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.Encoding;
import dev.nabla.text.wordpiece.Padding;
import dev.nabla.text.wordpiece.Truncation;

import java.util.List;

/**
 * Texts as one BERT input: each truncated to maxLength tokens (with [CLS] and [SEP]), padded to the longest of the
 * batch, as input_ids, token_type_ids and attention_mask (B, T), with the encodings for reading tokens back.
 */
public record BertBatch(IntTensor inputIds, IntTensor tokenTypeIds, IntTensor attentionMask, List<Encoding> encodings) {
    public static BertBatch of(BertTokenizer tokenizer, List<String> texts, int maxLength) {
        if (texts.isEmpty()) throw new IllegalArgumentException("BertBatch: no texts");
        if (maxLength < 2) throw new IllegalArgumentException("BertBatch: max length " + maxLength + " leaves no room for [CLS] and [SEP]");
        List<Encoding> enc = tokenizer.withTruncation(Truncation.longestFirst(maxLength)).withPadding(Padding.longest()).encodeBatch(texts);
        int b = enc.size(), t = enc.getFirst().length();
        int[] ids = new int[b * t], types = new int[b * t], mask = new int[b * t];
        for (int i = 0; i < b; i++) {
            Encoding e = enc.get(i);
            System.arraycopy(e.ids(), 0, ids, i * t, t);
            System.arraycopy(e.tokenTypeIds(), 0, types, i * t, t);
            System.arraycopy(e.attentionMask(), 0, mask, i * t, t);
        }
        return new BertBatch(IntTensor.wrap(ids, b, t), IntTensor.wrap(types, b, t), IntTensor.wrap(mask, b, t), enc);
    }
}
