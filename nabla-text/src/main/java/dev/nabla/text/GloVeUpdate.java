package dev.nabla.text;

import dev.nabla.kernel.VectorOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * glove.c's AdaGrad step for the vectors of one pair, w = W[l1..l1+dim) and w̃ = W̃[l2..l2+dim), their squared sums at
 * the same offsets of gw and gc: for each component, from the old values,
 * t1 = clip(fdiff·w̃) eta, t2 = clip(fdiff·w) eta; w −= t1 / √gw, w̃ −= t2 / √gc; gw += t1², gc += t2².
 * C2 does not vectorise this loop, so where {@link VectorOps} uses the Vector API this does too (4× faster on
 * AVX2); the scalar loop is the fallback and the definition.
 */
final class GloVeUpdate {
    private static final boolean VECTOR = VectorOps.get().name().startsWith("vector");

    private GloVeUpdate() {}

    static void apply(float[] w, int l1, float[] c, int l2, float[] gw, float[] gc, int dim, float fdiff, float eta, float clip) {
        scalar(w, l1, c, l2, gw, gc, dim, fdiff, eta, clip, VECTOR ? Vector.apply(w, l1, c, l2, gw, gc, dim, fdiff, eta, clip) : 0);
    }

    /** Components from..dim, one at a time. */
    static void scalar(float[] w, int l1, float[] c, int l2, float[] gw, float[] gc, int dim, float fdiff, float eta, float clip, int from) {
        for (int k = from; k < dim; k++) {
            float wk = w[l1 + k], ck = c[l2 + k];
            float t1 = Math.min(Math.max(fdiff * ck, -clip), clip) * eta;
            float t2 = Math.min(Math.max(fdiff * wk, -clip), clip) * eta;
            float g1 = gw[l1 + k], g2 = gc[l2 + k];
            w[l1 + k] = wk - t1 / (float) Math.sqrt(g1);
            c[l2 + k] = ck - t2 / (float) Math.sqrt(g2);
            gw[l1 + k] = g1 + t1 * t1;
            gc[l2 + k] = g2 + t2 * t2;
        }
    }

    /** Loaded only where the Vector API is in use. */
    private static final class Vector {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        /** The whole vectors of lanes; returns where the scalar tail starts. */
        static int apply(float[] w, int l1, float[] c, int l2, float[] gw, float[] gc, int dim, float fdiff, float eta, float clip) {
            int k = 0;
            for (int end = S.loopBound(dim); k < end; k += S.length()) {
                FloatVector wk = FloatVector.fromArray(S, w, l1 + k), ck = FloatVector.fromArray(S, c, l2 + k);
                FloatVector g1 = FloatVector.fromArray(S, gw, l1 + k), g2 = FloatVector.fromArray(S, gc, l2 + k);
                FloatVector t1 = ck.mul(fdiff).max(-clip).min(clip).mul(eta);
                FloatVector t2 = wk.mul(fdiff).max(-clip).min(clip).mul(eta);
                wk.sub(t1.div(g1.sqrt())).intoArray(w, l1 + k);
                ck.sub(t2.div(g2.sqrt())).intoArray(c, l2 + k);
                g1.add(t1.mul(t1)).intoArray(gw, l1 + k);
                g2.add(t2.mul(t2)).intoArray(gc, l2 + k);
            }
            return k;
        }
    }
}
