package dev.nabla.models.bert;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentContrastTest {
    @Test
    void lossIsTheCrossEntropyOfEachRowsCosinesAgainstItsPartner() {
        float[] v = {0.3f, -1.2f, 0.5f, 0.1f, -0.9f, 0.8f, 1.1f, 0.2f, -0.4f, 0.7f, 0.6f, 0.9f};
        int b = 4, h = 3;
        double[][] z = new double[b][h];
        for (int i = 0; i < b; i++) {
            double n = 0;
            for (int k = 0; k < h; k++) n += v[i * h + k] * v[i * h + k];
            for (int k = 0; k < h; k++) z[i][k] = v[i * h + k] / Math.sqrt(n);
        }
        double want = 0;
        for (int i = 0; i < b; i++) {
            double sum = 0, partner = 0;
            for (int j = 0; j < b; j++) {
                if (j == i) continue;
                double s = 0;
                for (int k = 0; k < h; k++) s += z[i][k] * z[j][k];
                s /= DocumentContrast.TEMPERATURE;
                sum += Math.exp(s);
                if (j == (i ^ 1)) partner = s;
            }
            want += (Math.log(sum) - partner) / b;
        }
        Tensor pooled = Tensor.of(v, b, h).requiresGrad(true);
        Tensor loss = DocumentContrast.loss(pooled);
        assertEquals(want, loss.item(), 1e-4);
        loss.backward();
        assertTrue(pooled.grad().abs().sum().item() > 0, "the loss reaches the pooled vectors");
    }

    @Test
    void countsTheRowsWhoseNearestIsTheirPartner() {
        Tensor apart = Tensor.of(new float[] {1, 0, 2, 0.2f, 0, 1, 0.1f, 3}, 4, 2);
        assertEquals(4, DocumentContrast.partnersFound(apart));
        Tensor crossed = Tensor.of(new float[] {1, 0, 0, 1, 0.1f, 3, 2, 0.2f}, 4, 2); // each row's nearest is in the other pair
        assertEquals(0, DocumentContrast.partnersFound(crossed));
    }

    @Test
    void needsPairs() {
        var e = assertThrows(IllegalArgumentException.class, () -> DocumentContrast.loss(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("even B") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }
}
