package dev.nabla.cli;

import dev.nabla.util.Plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The (step, loss) points of a training run, train and validation, kept in the checkpoint's extras so that a resumed
 * run draws the whole curve.
 */
public final class LossHistory {
    private final List<double[]> train = new ArrayList<>(), validation = new ArrayList<>();

    public void train(double step, double loss) {
        train.add(new double[] {step, loss});
    }

    public void validation(double step, double loss) {
        validation.add(new double[] {step, loss});
    }

    /** The points as a checkpoint extra (JSON-friendly). */
    public Map<String, Object> toExtra() {
        return Map.of("train", rows(train), "validation", rows(validation));
    }

    /** The history saved by {@link #toExtra} under {@code key} of {@code extras}; empty when there is none. */
    public static LossHistory fromExtras(Map<String, Object> extras, String key) {
        LossHistory h = new LossHistory();
        if (extras.get(key) instanceof Map<?, ?> m) {
            read(m.get("train"), h.train);
            read(m.get("validation"), h.validation);
        }
        return h;
    }

    /** Both curves in one PNG or SVG. */
    public void plot(String title, String unit, Path file) throws IOException {
        new Plot(title, unit, "loss").line("train", column(train, 0), column(train, 1))
                .line("validation", column(validation, 0), column(validation, 1)).save(file);
    }

    private static List<List<Double>> rows(List<double[]> points) {
        return points.stream().map(r -> List.of(r[0], r[1])).toList();
    }

    private static void read(Object rows, List<double[]> into) {
        if (!(rows instanceof List<?> list)) return;
        for (Object r : list)
            if (r instanceof List<?> p && p.size() == 2 && p.get(0) instanceof Number i && p.get(1) instanceof Number l)
                into.add(new double[] {i.doubleValue(), l.doubleValue()});
    }

    private static double[] column(List<double[]> rows, int k) {
        return rows.stream().mapToDouble(r -> r[k]).toArray();
    }
}
