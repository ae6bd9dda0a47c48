package dev.nabla.cli.gpt;

import dev.nabla.models.CausalLMTrainer;
import dev.nabla.models.CharVocab;
import dev.nabla.models.gpt.GPT;
import dev.nabla.models.gpt.GPTConfig;
import dev.nabla.models.gpt.Generation;
import dev.nabla.models.gpt.GenerationConfig;
import dev.nabla.tensor.Generator;
import dev.nabla.text.Corpus;
import dev.nabla.text.JavaSourceText;
import dev.nabla.text.TextTokenizer;
import dev.nabla.text.bpe.BpeFiles;
import dev.nabla.text.bpe.BpeTrainer;
import dev.nabla.cli.LossHistory;
import dev.nabla.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Trains a small GPT on a text (by default the Java sources of the JDK's java.util) and shows what it writes. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a GPT-2-style model from scratch, as nanoGPT: a byte-level BPE tokenizer learnt from the text (or plain",
                "bytes with --vocab 256; or the text's characters with --tokenizer char), random windows of the first 90%% of the",
                "tokens, AdamW, warmup + cosine schedule, clipping; the last 10%% for validation. The default text is the Java",
                "source of java.util from the JDK's src.zip. The model directory (config.json, model.safetensors, and vocab.json +",
                "merges.txt, or char_vocab.json) loads in 'nabla gpt generate', and with BPE in Hugging Face's GPT2LMHeadModel;",
                "train.safetensors beside it lets --resume go on exactly."})
public final class GptTrainCommand implements Callable<Integer> {
    @Option(names = "--text", paramLabel = "PATH", description = "A UTF-8 text file, or a directory or .zip/.jar of .java files "
            + "(default: the JDK's src.zip, files under --prefix).")
    Path textPath;

    @Option(names = "--prefix", defaultValue = JavaSourceText.DEFAULT_PREFIX, description = "Sources of a zip to read: the entry paths starting with this (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--max-chars", defaultValue = "20000000", description = "Read at most this many characters of sources (default: ${DEFAULT-VALUE}).")
    long maxChars;

    @Option(names = "--tokenizer", defaultValue = "bpe", paramLabel = "bpe|char",
            description = "bpe: byte-level BPE learnt from the training text (--vocab tokens); char: one token per character of the text (default: ${DEFAULT-VALUE}).")
    String tokenizer;

    @Option(names = "--vocab", defaultValue = "512", description = "Tokens of the BPE tokenizer learnt from the training text; 256: bytes only (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--layers", defaultValue = "4", description = "Transformer blocks (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--embd", defaultValue = "128", description = "Embedding width (default: ${DEFAULT-VALUE}).")
    int embd;

    @Option(names = "--block", defaultValue = "128", description = "Context length in tokens (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--batch", defaultValue = "16", description = "Windows per micro-batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--accumulation", defaultValue = "1", description = "Micro-batches per optimizer step (default: ${DEFAULT-VALUE}).")
    int accumulation;

    @Option(names = "--iters", defaultValue = "1500", description = "Optimizer steps; the learning rate reaches --min-lr here (default: ${DEFAULT-VALUE}).")
    int iters;

    @Option(names = "--minutes", description = "Stop (and save) after this many minutes of training even before --iters.")
    Double minutes;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--min-lr", defaultValue = "2e-4", description = "Final learning rate (default: ${DEFAULT-VALUE}).")
    double minLr;

    @Option(names = "--warmup", defaultValue = "100", description = "Steps of linear warmup from 0 (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--weight-decay", defaultValue = "0.1", description = "AdamW weight decay of the ≥2-D weights (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", description = "Largest gradient norm; 0: none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--eval-every", defaultValue = "250", description = "Estimate train and validation loss, and save, every N steps (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-iters", defaultValue = "20", description = "Batches per loss estimate (default: ${DEFAULT-VALUE}).")
    int evalIters;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights and of the batches (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--out"}, defaultValue = "nabla-demo/gpt", description = "Model directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", description = "Continue the run saved in -o (its model, tokenizer and options win).")
    boolean resume;

    @Option(names = "--plot", defaultValue = "nabla-demo/gpt-loss.png", description = "PNG or SVG of the losses (default: ${DEFAULT-VALUE}).")
    Path plot;

    @Option(names = "--prompt", defaultValue = "public ", description = "Text the model continues at the end (default: '${DEFAULT-VALUE}').")
    String prompt;

    @Option(names = "--sample-tokens", defaultValue = "300", description = "Tokens to generate at the end; 0: none (default: ${DEFAULT-VALUE}).")
    int sampleTokens;

    /** The last validation estimate and the generated text, for tests. */
    double validationLoss = Double.NaN;
    String sample;

    private static final String STATE = "train.safetensors";

    @Override
    public Integer call() throws Exception {
        if (iters <= warmup || warmup < 0 || evalEvery <= 0 || evalIters <= 0)
            throw new IllegalArgumentException("gpt train: --iters must exceed --warmup (" + warmup + ", which must be >= 0), and --eval-every and "
                    + "--eval-iters must be > 0; got --iters " + iters + ", --eval-every " + evalEvery + ", --eval-iters " + evalIters);
        if (!tokenizer.equals("bpe") && !tokenizer.equals("char"))
            throw new IllegalArgumentException("gpt train: --tokenizer must be bpe or char, got '" + tokenizer + "'");
        Path state = out.resolve(STATE);
        boolean resuming = resume && Files.exists(state);
        String text = readText();
        int split = (int) (text.length() * 0.9);
        String trainText = text.substring(0, split), valText = text.substring(split);
        GPT model;
        TextTokenizer tok;
        if (resuming) {
            model = GPT.fromPretrained(out);
            tok = model.tokenizer();
            if (tok == null) throw new IllegalArgumentException("gpt train: " + out + " has no tokenizer (vocab.json + merges.txt, or char_vocab.json) to resume with");
            System.out.printf(Locale.ROOT, "resuming %s%n", out);
        } else {
            if (tokenizer.equals("char")) {
                tok = CharVocab.fromText(text); // as nanoGPT, the characters of the whole text, so validation has no unknown one
            } else {
                if (vocab < 256) throw new IllegalArgumentException("gpt train: --vocab must be at least 256 (the bytes), got " + vocab);
                tok = BpeTrainer.train(trainText, vocab, List.of(BpeFiles.END_OF_TEXT), true);
            }
            model = new GPT(new GPTConfig(tok.size(), block, embd, layers, heads, dropout, 1e-5f, true), new Generator(seed)).tokenizer(tok);
        }
        GPTConfig c = model.config;
        int[] train, val;
        try {
            train = tok.encode(trainText);
            val = tok.encode(valText);
        } catch (IllegalArgumentException e) { // a character model resumed on a text with new characters
            throw new IllegalArgumentException("gpt train: the text does not fit the tokenizer of " + out + ": " + e.getMessage(), e);
        }
        System.out.printf(Locale.ROOT, "%,d characters: %,d training tokens, %,d validation tokens (%.2f characters per token, %d in the vocabulary)%n",
                text.length(), train.length, val.length, (double) split / train.length, tok.size());
        CausalLMTrainer trainer = new CausalLMTrainer(model, train, new CausalLMTrainer.Config(batch, c.nPositions(), accumulation,
                lr, minLr, warmup, iters, weightDecay, 0.9, 0.95, clip, seed + 1));
        LossHistory history = resuming ? LossHistory.fromExtras(trainer.resume(state), "history") : new LossHistory();
        System.out.printf(Locale.ROOT, "GPT %d layers × %d heads × %d, context %d, %,d parameters; batch %d × %d, AdamW lr %.3g → %.3g over %d steps%n",
                c.nLayer(), c.nHead(), c.nEmbd(), c.nPositions(), model.numParameters(), batch, accumulation, lr, minLr, iters);
        long start = System.nanoTime(), tokensPerStep = (long) batch * accumulation * c.nPositions();
        boolean outOfTime = false;
        while (trainer.iteration() < iters && !outOfTime) {
            long from = trainer.iteration(), end = Math.min(iters, (from / evalEvery + 1) * evalEvery);
            long t0 = System.nanoTime();
            try (Progress bar = new Progress("steps " + (from + 1) + "-" + end + " of " + iters, end - from, "step")) {
                while (trainer.iteration() < end) {
                    double loss = trainer.step();
                    history.train(trainer.iteration(), loss);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    bar.set("loss", "%.3f", loss).set("tokens/s", "%,.0f", (trainer.iteration() - from) * tokensPerStep / secs).step();
                    if (minutes != null && System.nanoTime() - start > minutes * 60e9) {
                        outOfTime = true;
                        break;
                    }
                }
            }
            double tl = trainer.estimateLoss(train, evalIters, seed + 2);
            validationLoss = trainer.estimateLoss(val, evalIters, seed + 3);
            history.validation(trainer.iteration(), validationLoss);
            model.save(out);
            trainer.save(state, Map.of("history", history.toExtra()));
            System.out.printf(Locale.ROOT, "step %d: train loss %.4f, validation loss %.4f (%.3f bits per character); saved %s%s%n",
                    trainer.iteration(), tl, validationLoss, validationLoss / Math.log(2) * train.length / split, out,
                    outOfTime ? " (--minutes reached)" : "");
        }
        history.plot("GPT: cross-entropy (nats per token)", "step", plot);
        System.out.println("plot: " + plot);
        if (sampleTokens > 0) {
            GenerationConfig g = new GenerationConfig(sampleTokens, 0.8, 40, 1, 1, List.of(), seed, tok.endOfText());
            System.out.println("---- sample (temperature 0.8, top-k 40): nabla gpt generate -m " + out + " --prompt '...' for more");
            System.out.print(prompt);
            sample = Generation.generate(model, prompt, g, piece -> {
                System.out.print(piece);
                System.out.flush();
            });
            System.out.println();
        }
        return 0;
    }

    private String readText() throws IOException {
        if (textPath != null && Files.isRegularFile(textPath) && !textPath.toString().toLowerCase(Locale.ROOT).matches(".*\\.(zip|jar)"))
            return Files.readString(textPath, StandardCharsets.UTF_8);
        if (textPath != null && !Files.exists(textPath)) throw new IllegalArgumentException("gpt train: no such file or directory: " + textPath);
        Path sources = textPath != null ? textPath : Corpus.jdkSources(w -> System.err.println("gpt train: " + w));
        String p = Files.isDirectory(sources) ? "" : prefix; // the prefix names entries of a zip such as src.zip
        String text = JavaSourceText.read(sources, p, maxChars);
        System.out.printf(Locale.ROOT, "text: the .java files of %s%s%n", sources, p.isEmpty() ? "" : " under " + p);
        return text;
    }

}
