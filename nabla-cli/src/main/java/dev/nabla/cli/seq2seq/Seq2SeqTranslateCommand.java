package dev.nabla.cli.seq2seq;

import dev.nabla.models.seq2seq.Decoding;
import dev.nabla.models.seq2seq.NumberTask;
import dev.nabla.models.seq2seq.Seq2SeqFile;
import dev.nabla.models.seq2seq.Seq2SeqTransformer;
import dev.nabla.models.seq2seq.Seq2SeqTransformer.AttentionKind;
import dev.nabla.models.seq2seq.Vocab;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;
import dev.nabla.util.Heatmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Translates one number with a trained model and draws the attention of one layer and head. */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = {"Translate a number with a model from 'nabla seq2seq train' (words to digits or back, as it was trained),",
                "by beam search (or greedy with --beam 1), and draw the attention weights of one layer and head as a heatmap:",
                "cross-attention by default (output tokens down, source tokens across)."})
final class Seq2SeqTranslateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TEXT", description = "The number: words (\"three hundred forty-two\") or digits, as the model's source side.")
    String text;

    @Option(names = {"-m", "--model"}, defaultValue = "nabla-demo/seq2seq.safetensors", description = "Model file (default: ${DEFAULT-VALUE}).")
    Path modelFile;

    @Option(names = "--beam", defaultValue = "4", description = "Beam width; 1: greedy (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--alpha", defaultValue = "0.6", description = "Length penalty exponent (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--attention", defaultValue = "nabla-demo/seq2seq-attention.png", paramLabel = "FILE", description = "Heatmap, PNG or SVG (default: ${DEFAULT-VALUE}).")
    Path heatmap;

    @Option(names = "--weights", paramLabel = "FILE", description = "Also write the drawn weights as CSV: a header of the column tokens, then one row per row token.")
    Path weightsCsv;

    @Option(names = "--kind", defaultValue = "cross", description = "cross, encoder or decoder: which attention to draw (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--layer", defaultValue = "-1", description = "Layer, from 0; -1: the last (default: ${DEFAULT-VALUE}).")
    int layer;

    @Option(names = "--head", defaultValue = "-1", description = "Head, from 0; -1: the mean over heads (default: ${DEFAULT-VALUE}).")
    int head;

    /** For tests: the last translation. */
    String translation;

    @Override
    public Integer call() throws Exception {
        Seq2SeqFile.Loaded loaded = Seq2SeqFile.load(modelFile);
        Seq2SeqTransformer model = loaded.model();
        NumberTask task = loaded.task();
        List<String> srcTokens = task.parseSource(text);
        IntTensor src = IntTensor.wrap(task.source.encode(srcTokens), 1, srcTokens.size());
        int[] out = beam > 1 ? Decoding.beam(model, src, null, beam, alpha, NumberTask.MAX_TOKENS).tokens()
                : Decoding.greedy(model, src, null, NumberTask.MAX_TOKENS, true).getFirst().tokens();
        List<String> outTokens = task.target.decode(out);
        translation = task.targetText(outTokens);
        System.out.println(translation);

        AttentionKind k = switch (kind.toLowerCase(Locale.ROOT)) {
            case "cross" -> AttentionKind.CROSS;
            case "encoder" -> AttentionKind.ENCODER;
            case "decoder" -> AttentionKind.DECODER;
            default -> throw new IllegalArgumentException("seq2seq translate: --kind is cross, encoder or decoder, not '" + kind + "'");
        };
        int layers = k == AttentionKind.ENCODER ? model.config.encoderLayers() : model.config.decoderLayers();
        int l = layer < 0 ? layers - 1 : layer;
        if (l >= layers || head >= model.config.nhead())
            throw new IllegalArgumentException("seq2seq translate: the model has " + layers + " " + kind + " layers and " + model.config.nhead()
                    + " heads; got --layer " + layer + " --head " + head);
        int[] tgtIn = new int[out.length + 1];
        tgtIn[0] = Vocab.BOS;
        System.arraycopy(out, 0, tgtIn, 1, out.length);
        Tensor w = model.attentionWeights(k, l, src, null, IntTensor.wrap(tgtIn, 1, tgtIn.length)).select(0, 0); // (H, T, S)
        w = head < 0 ? w.mean(0) : w.select(0, head);
        List<String> outputs = new ArrayList<>(outTokens), inputs = new ArrayList<>(List.of("<bos>"));
        outputs.add("<eos>");
        inputs.addAll(outTokens);
        List<String> rows = k == AttentionKind.ENCODER ? srcTokens : outputs, cols = k == AttentionKind.DECODER ? inputs : srcTokens;
        int t = w.size(0), s = w.size(1);
        float[] a = w.contiguous().toArray();
        double[][] v = new double[t][s];
        for (int i = 0; i < t; i++) for (int j = 0; j < s; j++) v[i][j] = a[i * s + j];
        String title = String.format(Locale.ROOT, "%s attention, layer %d, %s: %s -> %s", kind, l, head < 0 ? "mean of heads" : "head " + head, text.trim(), translation);
        new Heatmap(title, cols.toArray(String[]::new), rows.toArray(String[]::new), v).save(heatmap);
        System.out.println("attention: " + heatmap);
        if (weightsCsv != null) {
            StringBuilder csv = new StringBuilder();
            for (String c : cols) csv.append(',').append(c);
            for (int i = 0; i < t; i++) {
                csv.append('\n').append(rows.get(i));
                for (int j = 0; j < s; j++) csv.append(',').append(v[i][j]);
            }
            dev.nabla.util.Files.writeAtomically(weightsCsv, csv.append('\n').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            System.out.println("weights: " + weightsCsv);
        }
        return 0;
    }
}
