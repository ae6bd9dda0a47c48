package dev.nabla.kernel;

/**
 * One direction of one recurrent layer over a whole sequence, with its backward through time, as PyTorch defines the
 * cells (gate order LSTM i,f,g,o; GRU r,z,n). The input's projection gx = x·W_ihᵀ + b_ih comes computed for every step;
 * each step runs one GEMM h·W_hhᵀ and one pass over the gates. Scratch is allocated once per call, never per step.
 * Shapes: gx (T, B, G·H); h0, c0 (B, H); w = W_hh (G·H, H); bias = b_hh (G·H) or null;
 * out (T, B, K·H): the states after each step, h then (LSTM only, K = 2) c; act (T, B, G·H): the gates after their
 * nonlinearity (LSTM, GRU); ghn (T, B, H): GRU's W_hn·h + b_hn. A step t ≥ lengths[b] is padding: element b keeps
 * its state there, so a reversed scan starts at each element's own last step.
 */
public final class RecurrentKernel {
    public enum Cell {
        RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

        /** Rows of W_ih and W_hh per hidden unit. */
        public final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        /** Values per step and batch element in out: h, and c for LSTM. */
        public int stateWidth() {
            return this == LSTM ? 2 : 1;
        }
    }

    /** The scan's sizes; lengths null means no padding; reverse runs from the last step to the first. */
    public record Scan(Cell cell, int steps, int batch, int hidden, int[] lengths, boolean reverse) {
        int step(int s) {
            return reverse ? steps - 1 - s : s;
        }

        /** The step processed before step t's, or -1 at the first. */
        int before(int t) {
            int p = reverse ? t + 1 : t - 1;
            return p < 0 || p >= steps ? -1 : p;
        }

        boolean padded(int t, int b) {
            return lengths != null && t >= lengths[b];
        }
    }

    private RecurrentKernel() {}

    public static void forward(Scan s, float[] gx, int gxo, float[] h0, int h0o, float[] c0, int c0o, float[] w, int wo,
                               float[] bias, int bo, float[] out, float[] act, float[] ghn) {
        VectorOps v = VectorOps.get();
        Cell cell = s.cell;
        int B = s.batch, H = s.hidden, GH = cell.gates * H, ld = cell.stateWidth() * H;
        float[] gh = new float[B * GH], wt = new float[H * GH];
        // W_hhᵀ (H, G·H) once: with a few rows of h, the GEMM then reads it in place instead of packing it every step
        for (int r = 0; r < GH; r++) for (int j = 0; j < H; j++) wt[j * GH + r] = w[wo + r * H + j];
        for (int k = 0; k < s.steps; k++) {
            int t = s.step(k), p = s.before(t);
            float[] hp = p < 0 ? h0 : out, cp = p < 0 ? c0 : out;
            int hpo = p < 0 ? h0o : p * B * ld, cpo = p < 0 ? c0o : p * B * ld + H, hld = p < 0 ? H : ld;
            Gemm.sgemm(false, false, B, GH, H, hp, hpo, hld, wt, 0, GH, gh, 0, GH, false);
            if (bias != null) for (int b = 0; b < B; b++) v.add(gh, b * GH, bias, bo, gh, b * GH, GH);
            for (int b = 0; b < B; b++) {
                int o = (t * B + b) * ld, a = (t * B + b) * GH, x = gxo + a, g = b * GH, hb = hpo + b * hld, cb = cpo + b * hld;
                if (s.padded(t, b)) {
                    System.arraycopy(hp, hb, out, o, H);
                    if (cell == Cell.LSTM) System.arraycopy(cp, cb, out, o + H, H);
                    continue;
                }
                switch (cell) {
                    case RNN_TANH, RNN_RELU -> {
                        v.add(gx, x, gh, g, out, o, H);
                        v.unary(cell == Cell.RNN_TANH ? UnaryOp.TANH : UnaryOp.RELU, out, o, out, o, H);
                    }
                    case LSTM -> {
                        v.add(gx, x, gh, g, act, a, GH);
                        v.unary(UnaryOp.SIGMOID, act, a, act, a, 2 * H);
                        v.unary(UnaryOp.TANH, act, a + 2 * H, act, a + 2 * H, H);
                        v.unary(UnaryOp.SIGMOID, act, a + 3 * H, act, a + 3 * H, H);
                        for (int j = 0; j < H; j++) out[o + H + j] = act[a + H + j] * cp[cb + j] + act[a + j] * act[a + 2 * H + j];
                        v.unary(UnaryOp.TANH, out, o + H, out, o, H);
                        v.mul(out, o, act, a + 3 * H, out, o, H);
                    }
                    case GRU -> {
                        int n = a + 2 * H, e = (t * B + b) * H;
                        v.add(gx, x, gh, g, act, a, 2 * H);
                        v.unary(UnaryOp.SIGMOID, act, a, act, a, 2 * H);
                        System.arraycopy(gh, g + 2 * H, ghn, e, H);
                        for (int j = 0; j < H; j++) act[n + j] = gx[x + 2 * H + j] + act[a + j] * ghn[e + j];
                        v.unary(UnaryOp.TANH, act, n, act, n, H);
                        for (int j = 0; j < H; j++) out[o + j] = act[n + j] + act[a + H + j] * (hp[hb + j] - act[n + j]); // (1-z)·n + z·h
                    }
                }
            }
        }
    }

    /**
     * Given dout (T, B, K·H), the gradient of out, writes dgx (T, B, G·H, zeroed), dh0 and dc0 (B, H), dw (G·H, H)
     * and db (G·H, or null); dc0 only for LSTM. The arrays of the forward (out, act, ghn) are read, not changed.
     */
    public static void backward(Scan s, float[] dout, float[] h0, int h0o, float[] c0, int c0o, float[] w, int wo,
                                float[] out, float[] act, float[] ghn, float[] dgx, float[] dh0, float[] dc0, float[] dw, float[] db) {
        VectorOps v = VectorOps.get();
        Cell cell = s.cell;
        int T = s.steps, B = s.batch, H = s.hidden, GH = cell.gates * H, ld = cell.stateWidth() * H;
        float[] dgh = cell == Cell.GRU ? new float[T * B * GH] : dgx; // the gradient of h·W_hhᵀ + b_hh
        float[] dh = dh0, dc = dc0, dhp = new float[B * H], tc = new float[H];
        java.util.Arrays.fill(dh, 0, B * H, 0f);
        if (dc != null) java.util.Arrays.fill(dc, 0, B * H, 0f);
        for (int k = T - 1; k >= 0; k--) {
            int t = s.step(k), p = s.before(t);
            float[] hp = p < 0 ? h0 : out, cp = p < 0 ? c0 : out;
            int hpo = p < 0 ? h0o : p * B * ld, cpo = p < 0 ? c0o : p * B * ld + H, hld = p < 0 ? H : ld;
            for (int b = 0; b < B; b++) {
                int o = (t * B + b) * ld, a = (t * B + b) * GH, r = b * H;
                v.add(dh, r, dout, o, dh, r, H);
                if (cell == Cell.LSTM) v.add(dc, r, dout, o + H, dc, r, H);
                if (s.padded(t, b)) continue; // the state passes through: its gradient too
                switch (cell) {
                    case RNN_TANH -> {
                        for (int j = 0; j < H; j++) dgx[a + j] = dh[r + j] * (1 - out[o + j] * out[o + j]);
                        java.util.Arrays.fill(dh, r, r + H, 0f);
                    }
                    case RNN_RELU -> {
                        for (int j = 0; j < H; j++) dgx[a + j] = out[o + j] > 0 ? dh[r + j] : 0f;
                        java.util.Arrays.fill(dh, r, r + H, 0f);
                    }
                    case LSTM -> {
                        v.unary(UnaryOp.TANH, out, o + H, tc, 0, H);
                        int cb = cpo + b * hld;
                        for (int j = 0; j < H; j++) {
                            float i = act[a + j], f = act[a + H + j], g = act[a + 2 * H + j], og = act[a + 3 * H + j];
                            float dhj = dh[r + j], dct = dc[r + j] + dhj * og * (1 - tc[j] * tc[j]);
                            dgx[a + j] = dct * g * i * (1 - i);
                            dgx[a + H + j] = dct * cp[cb + j] * f * (1 - f);
                            dgx[a + 2 * H + j] = dct * i * (1 - g * g);
                            dgx[a + 3 * H + j] = dhj * tc[j] * og * (1 - og);
                            dc[r + j] = dct * f;
                            dh[r + j] = 0f;
                        }
                    }
                    case GRU -> {
                        int e = (t * B + b) * H, hb = hpo + b * hld;
                        for (int j = 0; j < H; j++) {
                            float rg = act[a + j], z = act[a + H + j], n = act[a + 2 * H + j], dhj = dh[r + j];
                            float dan = dhj * (1 - z) * (1 - n * n), dar = dan * ghn[e + j] * rg * (1 - rg);
                            float daz = dhj * (hp[hb + j] - n) * z * (1 - z);
                            dgx[a + j] = dgh[a + j] = dar;
                            dgx[a + H + j] = dgh[a + H + j] = daz;
                            dgx[a + 2 * H + j] = dan;
                            dgh[a + 2 * H + j] = dan * rg;
                            dh[r + j] = dhj * z; // through h's direct path; the gates' part comes next
                        }
                    }
                }
            }
            Gemm.sgemm(false, false, B, H, GH, dgh, t * B * GH, GH, w, wo, H, dhp, 0, H, false);
            for (int b = 0; b < B; b++) if (!s.padded(t, b)) v.add(dh, b * H, dhp, b * H, dh, b * H, H);
        }
        // dW_hh = Σ_t dghₜᵀ·hₜ₋₁: one GEMM over the whole sequence, with the previous states gathered in step order
        float[] prev = new float[T * B * H];
        for (int t = 0; t < T; t++) {
            int p = s.before(t);
            for (int b = 0; b < B; b++)
                System.arraycopy(p < 0 ? h0 : out, p < 0 ? h0o + b * H : (p * B + b) * ld, prev, (t * B + b) * H, H);
        }
        Gemm.sgemm(true, false, GH, H, T * B, dgh, 0, GH, prev, 0, H, dw, 0, H, false);
        if (db != null) {
            java.util.Arrays.fill(db, 0, GH, 0f);
            for (int row = 0; row < T * B; row++) v.add(db, 0, dgh, row * GH, db, 0, GH);
        }
    }
}
