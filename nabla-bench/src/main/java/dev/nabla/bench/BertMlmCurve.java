package dev.nabla.bench;

import dev.nabla.models.bert.BertConfig;
import dev.nabla.models.bert.BertPretrainer;
import dev.nabla.models.bert.PretrainingData;
import dev.nabla.models.bert.PretrainingText;
import dev.nabla.tensor.IntTensor;
import dev.nabla.text.Corpus;
import dev.nabla.text.wordpiece.BertTokenizer;
import dev.nabla.text.wordpiece.WordPieceFiles;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * nabla's half of bert-mlm-curve.sh (peers/torch_bert_curve.py is torch's): pretrains the small BERT of issue #9
 * (L 4, H 256, A 4, FFN 1024) on the Javadoc text as `nabla bert pretrain --no-nsp --dropout 0` does, for STEPS steps,
 * and leaves in OUT what PyTorch needs to train the same model the same way: the initial weights (OUT/init, Hugging
 * Face's layout), every batch it trained on (OUT/batches.bin: per step int32 B, T, then input ids, token types,
 * attention mask and labels, each B·T int32, little-endian) and its loss per step (OUT/nabla.tsv). Dropout is off,
 * so that both sides compute the same function from the same weights on the same batches.
 * Usage: BertMlmCurve OUT STEPS TOKENIZER_DIR [LR] [WARMUP]
 */
public final class BertMlmCurve {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int steps = Integer.parseInt(args[1]);
        BertTokenizer tok = WordPieceFiles.load(Path.of(args[2]));
        double lr = args.length > 3 ? Double.parseDouble(args[3]) : 5e-4;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        Files.createDirectories(out);
        PretrainingText.Split split = PretrainingText.read(Corpus.jdkSources(System.err::println), 50_000_000);
        PretrainingData train = PretrainingData.encode(split.train(), tok);
        BertConfig model = BertConfig.of(tok.size(), 4, 256, 4, 1024).withDropout(0).withMaxPositions(512);
        BertPretrainer trainer = new BertPretrainer(model, tok, train,
                new BertPretrainer.Config(16, 128, false, lr, warmup, steps, 0.01, 1.0, 0));
        trainer.saveModel(out.resolve("init"));
        long start = System.nanoTime();
        try (var bin = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out.resolve("batches.bin"))));
             var tsv = new PrintWriter(Files.newBufferedWriter(out.resolve("nabla.tsv")))) {
            for (int s = 0; s < steps; s++) {
                BertPretrainer.Batch b = trainer.nextBatch();
                int[] shape = b.inputIds().shape();
                bin.writeInt(Integer.reverseBytes(shape[0]));
                bin.writeInt(Integer.reverseBytes(shape[1]));
                for (IntTensor t : new IntTensor[] {b.inputIds(), b.tokenTypeIds(), b.attentionMask(), b.labels()}) // made by wrap: contiguous
                    for (int v : t.storage()) bin.writeInt(Integer.reverseBytes(v));
                double loss = trainer.step(b).mlm();
                tsv.printf(Locale.ROOT, "%d\t%.6f%n", s + 1, loss);
                if ((s + 1) % 50 == 0) System.err.printf(Locale.ROOT, "nabla step %d loss %.4f (%.1f s)%n", s + 1, loss, (System.nanoTime() - start) / 1e9);
            }
        }
    }
}
