package dev.nabla.bench;

import dev.nabla.nn.LSTM;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

import java.util.Locale;

/**
 * nabla's half of lstm-side-by-side.sh (peers/torch_lstm.py is torch's): one LSTM layer stack, forward and backward
 * through time, the char-LM bar's shape: 2 layers of 256, input (batch 32, seq 100, 64), batch_first, from zero states.
 * Prints: nabla, mean ms per forward+backward over the timed iterations (after warm-up).
 * Usage: LstmBench [warmup] [iterations]
 */
public final class LstmBench {
    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5, iters = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        LSTM lstm = new LSTM(64, 256, 2, true, false, new Generator(0));
        Tensor x = Tensor.randn(new Generator(1), 32, 100, 64).requiresGrad(true);
        Tensor up = Tensor.randn(new Generator(2), 32, 100, 256);
        long nanos = 0;
        for (int i = 0; i < warmup + iters; i++) {
            lstm.zeroGrad();
            x.zeroGrad();
            long t = System.nanoTime();
            lstm.forward(x).mul(up).sum().backward();
            if (i >= warmup) nanos += System.nanoTime() - t;
        }
        System.out.printf(Locale.ROOT, "nabla\t%.1f%n", nanos / 1e6 / iters);
    }
}
