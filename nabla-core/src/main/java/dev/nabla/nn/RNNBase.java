package dev.nabla.nn;

import dev.nabla.ops.RecurrentOps;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.IntTensor;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * What RNN, LSTM and GRU share, as torch.nn.RNNBase: stacked layers, each one or two directions, with parameters
 * weight_ih_l{k}[_reverse], weight_hh_l{k}[_reverse], bias_ih_l{k}[_reverse], bias_hh_l{k}[_reverse] in PyTorch's
 * order and shapes, initialised U(±1/√hidden). Input (seq, batch, input), (batch, seq, input) with batchFirst, or
 * unbatched (seq, input); states (layers·directions, batch, hidden) or (layers·directions, hidden).
 * Each layer and direction projects the whole sequence's input in one matmul, then scans it in one fused op
 * (RecurrentOps.scan) that runs h·W_hhᵀ and the gates per step and has its own backward through time.
 */
public abstract class RNNBase extends Module {
    /** The top layer's output at every step, and the final states of every layer and direction (cn only for LSTM). */
    public record Output(Tensor output, Tensor hn, Tensor cn) {}

    public final int inputSize, hiddenSize, numLayers;
    public final boolean bias, batchFirst, bidirectional;
    public final float dropout;
    final Recurrence kind;
    private final Generator gen;
    private final Tensor[] wIh, wHh, bIh, bHh; // by layer·directions + direction

    RNNBase(Recurrence kind, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, float dropout,
            boolean bidirectional, Generator g) {
        String me = getClass().getSimpleName();
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0)
            throw new IllegalArgumentException(me + ": sizes must be > 0, got input_size=" + inputSize + ", hidden_size=" + hiddenSize + ", num_layers=" + numLayers);
        if (!(dropout >= 0 && dropout <= 1))
            throw new IllegalArgumentException(me + ": dropout must be in [0, 1], got " + dropout);
        this.kind = kind;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        this.gen = g;
        int dirs = directions(), n = numLayers * dirs, rows = kind.gates * hiddenSize;
        wIh = new Tensor[n];
        wHh = new Tensor[n];
        bIh = new Tensor[n];
        bHh = new Tensor[n];
        for (int l = 0; l < numLayers; l++)
            for (int d = 0; d < dirs; d++) {
                int i = l * dirs + d;
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                wIh[i] = registerParameter("weight_ih" + sfx, Tensor.zeros(rows, l == 0 ? inputSize : hiddenSize * dirs));
                wHh[i] = registerParameter("weight_hh" + sfx, Tensor.zeros(rows, hiddenSize));
                bIh[i] = registerParameter("bias_ih" + sfx, bias ? Tensor.zeros(rows) : null);
                bHh[i] = registerParameter("bias_hh" + sfx, bias ? Tensor.zeros(rows) : null);
            }
        float bound = (float) (1 / Math.sqrt(hiddenSize));
        for (Tensor p : parameters()) Init.uniform_(p, -bound, bound, g);
    }

    private int directions() {
        return bidirectional ? 2 : 1;
    }

    /** The output sequence, from zero initial states. */
    @Override
    public Tensor forward(Tensor x) {
        return run(x, null, null).output();
    }

    /**
     * A batch of sequences of different lengths, padded to the input's length, as torch's
     * pack_padded_sequence(x, lengths, batch_first, enforce_sorted=False) → this layer → pad_packed_sequence(total_length=seq):
     * outputs at padded steps are 0, each sequence's final states are those of its own last step, and padded inputs get
     * no gradient. lengths: one per batch element, in the batch's order, each in [1, seq].
     */
    public Output forward(Tensor x, int[] lengths) {
        return run(x, null, null, lengths);
    }

    /** The whole computation; h0 and c0 null mean zeros. */
    Output run(Tensor x, Tensor h0, Tensor c0) {
        return run(x, h0, c0, null);
    }

    /** As {@link #run(Tensor, Tensor, Tensor)}; lengths null means every sequence fills the input. */
    Output run(Tensor x, Tensor h0, Tensor c0, int[] lengths) {
        String me = getClass().getSimpleName();
        if ((x.dim() != 2 && x.dim() != 3) || x.size(x.dim() - 1) != inputSize)
            throw new IllegalArgumentException(me + ": input must be " + (batchFirst ? "(batch, seq, " : "(seq, batch, ") + inputSize
                    + ") or (seq, " + inputSize + "), got " + Shape.str(x.shape()));
        boolean batched = x.dim() == 3;
        Tensor seq = !batched ? x.unsqueeze(1) : batchFirst ? x.transpose(0, 1) : x; // (seq, batch, input)
        int steps = seq.size(0), batch = seq.size(1), dirs = directions();
        if (steps == 0) throw new IllegalArgumentException(me + ": the sequence is empty (input " + Shape.str(x.shape()) + ")");
        IntTensor padded = padding(lengths, batched, steps, batch);
        Tensor h = initial("h0", h0, batched, batch), c = kind == Recurrence.LSTM ? initial("c0", c0, batched, batch) : null;
        List<Tensor> hn = new ArrayList<>(), cn = new ArrayList<>();
        Tensor in = seq;
        for (int l = 0; l < numLayers; l++) {
            List<Tensor> outs = new ArrayList<>(dirs);
            for (int d = 0; d < dirs; d++) {
                int i = l * dirs + d;
                Tensor gx = F.linear(in.reshape(steps * batch, in.size(2)), wIh[i], bIh[i]).reshape(steps, batch, -1);
                // one op for the whole scan: states held at padded steps, so the last step holds each element's final state
                Tensor states = RecurrentOps.scan(kind.cell(), gx, h.select(0, i), c == null ? null : c.select(0, i), wHh[i], bHh[i], lengths, d == 1);
                Tensor hs = c == null ? states : states.narrow(2, 0, hiddenSize);
                int last = d == 0 ? steps - 1 : 0;
                outs.add(padded == null ? hs : Tensor.where(padded, Tensor.zeros(1), hs));
                hn.add(hs.select(0, last));
                if (c != null) cn.add(states.narrow(2, hiddenSize, hiddenSize).select(0, last));
            }
            in = dirs == 1 ? outs.get(0) : Tensor.cat(outs, 2);
            if (l < numLayers - 1 && dropout > 0 && isTraining()) in = F.dropout(in, dropout, true, gen);
        }
        Tensor out = !batched ? in.squeeze(1) : batchFirst ? in.transpose(0, 1) : in;
        Tensor hN = Tensor.stack(hn, 0), cN = cn.isEmpty() ? null : Tensor.stack(cn, 0);
        return new Output(out, batched ? hN : hN.squeeze(1), cN == null || batched ? cN : cN.squeeze(1));
    }

    /** Which steps of which batch elements are padding, as a (seq, batch, 1) mask; null when lengths is. */
    private IntTensor padding(int[] lengths, boolean batched, int steps, int batch) {
        if (lengths == null) return null;
        String me = getClass().getSimpleName();
        if (!batched) throw new IllegalArgumentException(me + ": lengths need a batched input (seq, batch, " + inputSize + ")");
        if (lengths.length != batch)
            throw new IllegalArgumentException(me + ": " + lengths.length + " lengths for a batch of " + batch);
        int[] pad = new int[steps * batch];
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new IllegalArgumentException(me + ": lengths[" + b + "] = " + lengths[b] + " is outside [1, " + steps + "]");
            for (int t = lengths[b]; t < steps; t++) pad[t * batch + b] = 1;
        }
        return IntTensor.of(pad, steps, batch, 1);
    }

    /** An initial state as (layers·directions, batch, hidden): zeros when null, else checked. */
    private Tensor initial(String what, Tensor s, boolean batched, int batch) {
        int n = numLayers * directions();
        if (s == null) return Tensor.zeros(n, batch, hiddenSize);
        boolean ok = batched ? s.dim() == 3 && s.size(0) == n && s.size(1) == batch && s.size(2) == hiddenSize
                : s.dim() == 2 && s.size(0) == n && s.size(1) == hiddenSize;
        if (!ok)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + what + " must be (" + n + ", " + (batched ? batch + ", " : "")
                    + hiddenSize + "), got " + Shape.str(s.shape()));
        return batched ? s : s.unsqueeze(1);
    }

    /** As torch's, which leaves out an RNN's nonlinearity. */
    @Override
    protected String extraRepr() {
        StringBuilder b = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (numLayers != 1) b.append(", num_layers=").append(numLayers);
        if (!bias) b.append(", bias=False");
        if (batchFirst) b.append(", batch_first=True");
        if (dropout != 0) b.append(", dropout=").append(dropout);
        if (bidirectional) b.append(", bidirectional=True");
        return b.toString();
    }
}
