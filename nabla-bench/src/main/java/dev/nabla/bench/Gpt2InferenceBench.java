package dev.nabla.bench;

import dev.nabla.autograd.NoGrad;
import dev.nabla.models.gpt.GPT;
import dev.nabla.models.gpt.GPTConfig;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Tensor;

import java.util.Locale;

/**
 * nabla's half of gpt2-inference-side-by-side.sh (peers/torch_gpt2.py is torch's): GPT-2 small (124M, random
 * weights, batch 1), prefill of a PROMPT-token prompt into the key/value cache, then DECODE greedy tokens one at a
 * time (the logits of the last position only, argmax). Best of ROUNDS after one warm-up round.
 * Prints: nabla, prefill tokens/s, decode tokens/s, and the bytes of weights each decoded token reads (all
 * parameters but the position table, of which one row is read). Usage: Gpt2InferenceBench [PROMPT] [DECODE] [ROUNDS]
 */
public final class Gpt2InferenceBench {
    public static void main(String[] args) {
        int prompt = args.length > 0 ? Integer.parseInt(args[0]) : 128, decode = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        GPT model = new GPT(GPTConfig.gpt2().withDropout(0), new Generator(0));
        model.eval();
        int[] ids = IntTensor.randint(new Generator(1), 0, GPTConfig.GPT2_VOCAB, prompt).toArray();
        double bestPrefill = 0, bestDecode = 0;
        try (var ignored = NoGrad.enter()) {
            for (int r = 0; r <= rounds; r++) {
                GPT.Cache cache = model.newCache();
                long t0 = System.nanoTime();
                Tensor h = model.hidden(IntTensor.wrap(ids, 1, prompt), cache);
                int next = model.logits(h.narrow(1, prompt - 1, 1)).argmax().item();
                long t1 = System.nanoTime();
                for (int i = 0; i < decode; i++) {
                    h = model.hidden(IntTensor.wrap(new int[] {next}, 1, 1), cache);
                    next = model.logits(h).argmax().item();
                }
                long t2 = System.nanoTime();
                if (r == 0) continue; // warm-up
                bestPrefill = Math.max(bestPrefill, prompt / ((t1 - t0) / 1e9));
                bestDecode = Math.max(bestDecode, decode / ((t2 - t1) / 1e9));
            }
        }
        long weightBytes = 0;
        for (var e : model.namedParameters().entrySet()) if (!e.getKey().equals("wpe.weight")) weightBytes += 4L * e.getValue().numel();
        System.out.printf(Locale.ROOT, "nabla\t%.1f\t%.2f\t%d%n", bestPrefill, bestDecode, weightBytes);
    }
}
