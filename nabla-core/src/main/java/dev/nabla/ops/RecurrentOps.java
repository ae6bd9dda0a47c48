package dev.nabla.ops;

import dev.nabla.autograd.Autograd;
import dev.nabla.kernel.RecurrentKernel;
import dev.nabla.kernel.RecurrentKernel.Cell;
import dev.nabla.kernel.RecurrentKernel.Scan;
import dev.nabla.tensor.Tensor;

/** A recurrent layer's scan over a whole sequence as one op, with its own backward through time (RecurrentKernel). */
public final class RecurrentOps {
    private RecurrentOps() {}

    /**
     * The states after every step, (T, B, H), or (T, B, 2H) for LSTM with c after h, held at padded steps
     * (t ≥ lengths[b]). gx (T, B, G·H) is the input's projection; h0, c0 (B, H), c0 only for LSTM; whh (G·H, H);
     * bhh (G·H) or null; lengths null means none padded; reverse scans from the last step.
     */
    public static Tensor scan(Cell cell, Tensor gx, Tensor h0, Tensor c0, Tensor whh, Tensor bhh, int[] lengths, boolean reverse) {
        int T = gx.size(0), B = gx.size(1), H = whh.size(1), GH = cell.gates * H;
        Scan s = new Scan(cell, T, B, H, lengths, reverse);
        Tensor x = gx.contiguous(), h = h0.contiguous(), c = c0 == null ? null : c0.contiguous(), w = whh.contiguous(),
                bias = bhh == null ? null : bhh.contiguous();
        float[] out = new float[T * B * cell.stateWidth() * H];
        float[] act = cell == Cell.LSTM || cell == Cell.GRU ? new float[T * B * GH] : null;
        float[] ghn = cell == Cell.GRU ? new float[T * B * H] : null;
        RecurrentKernel.forward(s, x.storage(), x.storageOffset(), h.storage(), h.storageOffset(), c == null ? null : c.storage(),
                c == null ? 0 : c.storageOffset(), w.storage(), w.storageOffset(), bias == null ? null : bias.storage(),
                bias == null ? 0 : bias.storageOffset(), out, act, ghn);
        Tensor result = Tensor.wrap(out, T, B, cell.stateWidth() * H);
        return Autograd.record("recurrent_scan", result, g -> {
            float[] dgx = new float[T * B * GH], dh0 = new float[B * H], dc0 = c == null ? null : new float[B * H];
            float[] dw = new float[GH * H], db = bias == null ? null : new float[GH];
            Tensor dout = g.contiguous();
            float[] d = dout.storageOffset() == 0 ? dout.storage() : dout.toArray();
            RecurrentKernel.backward(s, d, h.storage(), h.storageOffset(), c == null ? null : c.storage(), c == null ? 0 : c.storageOffset(),
                    w.storage(), w.storageOffset(), out, act, ghn, dgx, dh0, dc0, dw, db);
            return new Tensor[] {
                    gx.requiresGrad() ? Tensor.wrap(dgx, T, B, GH) : null,
                    h0.requiresGrad() ? Tensor.wrap(dh0, B, H) : null,
                    c0 != null && c0.requiresGrad() ? Tensor.wrap(dc0, B, H) : null,
                    whh.requiresGrad() ? Tensor.wrap(dw, GH, H) : null,
                    bhh != null && bhh.requiresGrad() ? Tensor.wrap(db, GH) : null};
        }, gx, h0, c0, whh, bhh);
    }
}
