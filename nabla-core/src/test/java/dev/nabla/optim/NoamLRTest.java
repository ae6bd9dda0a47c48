package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoamLRTest {
    private static Optimizer adam(double lr) {
        return Adam.of(List.of(Tensor.zeros(2).requiresGrad(true))).lr(lr).build();
    }

    @Test
    void warmsUpLinearlyThenDecaysAsInverseSquareRoot() {
        Optimizer o = adam(2.0);
        NoamLR s = new NoamLR(o, 64, 4);
        // 2 · 64^-0.5 = 0.25; warmup^-1.5 = 1/8: steps 1..4 give 0.25·n/8, then 0.25/√n
        double[] expect = {0.25 / 8, 0.25 * 2 / 8, 0.25 * 3 / 8, 0.25 * 4 / 8, 0.25 / Math.sqrt(5), 0.25 / Math.sqrt(6)};
        for (int i = 0; i < expect.length; i++) {
            assertEquals(expect[i], s.lastLr()[0], 1e-12, "epoch " + i);
            s.step();
        }
        for (int i = 0; i < 100; i++) s.step();
        assertEquals(0.25 / Math.sqrt(107), s.lastLr()[0], 1e-12);
    }

    @Test
    void equalsLambdaLRAndResumes() {
        Optimizer a = adam(1.0), b = adam(1.0), c = adam(1.0);
        NoamLR noam = new NoamLR(a, 128, 10);
        LambdaLR lambda = new LambdaLR(b, e -> NoamLR.factor(128, 10, e));
        for (int i = 0; i < 30; i++) {
            assertEquals(lambda.lastLr()[0], noam.lastLr()[0], 1e-15);
            noam.step();
            lambda.step();
        }
        NoamLR resumed = new NoamLR(c, 1, 1);
        resumed.loadState(noam.stateMeta());
        assertEquals(noam.lastLr()[0], resumed.lastLr()[0], 1e-15);
        resumed.step();
        noam.step();
        assertEquals(noam.lastLr()[0], resumed.lastLr()[0], 1e-15);
        assertTrue(noam.lastLr()[0] < NoamLR.factor(128, 10, 9));
    }

    @Test
    void rejectsBadArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new NoamLR(adam(1), 0, 10));
        assertTrue(e.getMessage().contains("NoamLR"));
        assertThrows(IllegalArgumentException.class, () -> new NoamLR(adam(1), 16, 0));
    }
}
