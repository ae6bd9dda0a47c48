package dev.nabla.bench;

import dev.nabla.models.bert.BertConfig;
import dev.nabla.models.bert.BertForMaskedLM;
import dev.nabla.models.bert.DynamicMasking;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;

import java.util.Locale;

/**
 * nabla's half of bert-side-by-side.sh (peers/torch_bert.py is torch's): issue #9's MLM training step on BERT-Small
 * (L 4, H 256, A 4, FFN 1024, vocab 30522) with batch 16 of 128 random tokens ([CLS] ... [SEP], attention mask of
 * ones): dynamic masking (15%, 80/10/10), forward through BertForMaskedLM (logits for every position, as Hugging
 * Face's), cross-entropy over the masked positions, backward, AdamW (lr 1e-4, weight decay 0.01). Dropout DROPOUT on
 * hidden states and attention weights. With DECODE "masked" the decoder runs only at the masked positions
 * (BertForMaskedLM.maskedLoss: the same loss and gradients, as Google's BERT computes them); "all" (the default) runs
 * it at every position, as Hugging Face's forward. Prints: nabla, mean ms per step over STEPS after WARMUP, last loss.
 * Usage: BertBench [STEPS] [WARMUP] [DROPOUT] [DECODE]
 */
public final class BertBench {
    static final int VOCAB = BertConfig.BERT_VOCAB, BATCH = 16, SEQ = 128, PAD = 0, CLS = 101, SEP = 102, MASK = 103;

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10, warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        float dropout = args.length > 2 ? Float.parseFloat(args[2]) : 0.1f;
        boolean maskedOnly = args.length > 3 && args[3].equals("masked");
        BertForMaskedLM model = new BertForMaskedLM(BertConfig.small(VOCAB).withDropout(dropout), new Generator(0));
        model.train();
        Optimizer opt = AdamW.of(model.parameters()).lr(1e-4).weightDecay(0.01).build();
        Generator data = new Generator(1);
        int[] ids = new int[BATCH * SEQ], ones = new int[BATCH * SEQ];
        for (int i = 0; i < ids.length; i++) {
            int t = i % SEQ;
            ids[i] = t == 0 ? CLS : t == SEQ - 1 ? SEP : 999 + data.nextInt(VOCAB - 999); // past the special and unused ids
            ones[i] = 1;
        }
        IntTensor input = IntTensor.wrap(ids, BATCH, SEQ), attention = IntTensor.wrap(ones, BATCH, SEQ);
        DynamicMasking masking = new DynamicMasking(VOCAB, MASK, new int[] {PAD, CLS, SEP, MASK}, new Generator(2));
        double loss = 0;
        long start = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) start = System.nanoTime();
            var batch = masking.apply(input);
            opt.zeroGrad();
            var l = maskedOnly ? model.maskedLoss(batch.inputIds(), null, attention, batch.labels())
                    : BertForMaskedLM.loss(model.forward(batch.inputIds(), null, attention), batch.labels());
            l.backward();
            opt.step();
            loss = l.item();
        }
        System.out.printf(Locale.ROOT, "nabla\t%.1f\t%.4f%n", (System.nanoTime() - start) / 1e6 / steps, loss);
    }
}
