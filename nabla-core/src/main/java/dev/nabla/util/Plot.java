package dev.nabla.util;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line and scatter plots saved as PNG or SVG (by the file's extension): loss curves, accuracy per epoch, fits.
 * <pre>{@code new Plot("Training loss", "step", "loss").logY().line("train", steps, losses).save(Path.of("loss.png")); }</pre>
 */
public final class Plot {
    private static final int[] COLORS = {0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e, 0x9467bd, 0x8c564b};
    private static final int W = 720, H = 440, L = 74, R = 20, T = 40, B = 50;

    private record Series(String name, double[] x, double[] y, boolean points, int color, String[] labels) {}

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;
    private double[][] field; // background values in [0, 1], [row from bottom][column], over the box below
    private double fx0, fx1, fy0, fy1;

    public Plot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public Plot logY() {
        logY = true;
        return this;
    }

    public Plot line(String name, double[] x, double[] y) {
        return add(name, x, y, false, null);
    }

    public Plot points(String name, double[] x, double[] y) {
        return add(name, x, y, true, null);
    }

    /** Points each written with its label beside it (words on a 2-D projection of their vectors). */
    public Plot points(String name, double[] x, double[] y, String[] labels) {
        if (labels.length != x.length) throw new IllegalArgumentException("Plot: series '" + name + "' has " + x.length + " points and " + labels.length + " labels");
        return add(name, x, y, true, labels.clone());
    }

    /**
     * A background shading of values in [0, 1] over the box [x0, x1]×[y0, y1] (rows from y0 up), blue for 0 and red
     * for 1: a classifier's probability, with the decision boundary where the colours meet.
     */
    public Plot field(double[][] values, double x0, double x1, double y0, double y1) {
        field = values;
        fx0 = x0;
        fx1 = x1;
        fy0 = y0;
        fy1 = y1;
        return this;
    }

    private Plot add(String name, double[] x, double[] y, boolean points, String[] labels) {
        if (x.length != y.length) throw new IllegalArgumentException("Plot: series '" + name + "' has " + x.length + " x values and " + y.length + " y values");
        series.add(new Series(name, x.clone(), y.clone(), points, COLORS[series.size() % COLORS.length], labels));
        return this;
    }

    /** Writes the plot atomically (temporary file, then rename); PNG for ".png", SVG for ".svg". */
    public void save(Path path) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        Canvas c;
        if (name.endsWith(".png")) c = new Canvas.Png(W, H);
        else if (name.endsWith(".svg")) c = new Canvas.Svg(W, H);
        else throw new IllegalArgumentException("Plot.save: " + path + ": use a .png or .svg file name");
        draw(c);
        Files.writeAtomically(path, c.finish());
    }

    private double ty(double y) {
        return logY ? Math.log10(Math.max(y, 1e-30)) : y;
    }

    private void draw(Canvas c) {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        for (Series s : series)
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i]) || !Double.isFinite(s.x[i])) continue;
                x0 = Math.min(x0, s.x[i]);
                x1 = Math.max(x1, s.x[i]);
                y0 = Math.min(y0, ty(s.y[i]));
                y1 = Math.max(y1, ty(s.y[i]));
            }
        if (field != null) {
            x0 = Math.min(x0, fx0);
            x1 = Math.max(x1, fx1);
            y0 = Math.min(y0, fy0);
            y1 = Math.max(y1, fy1);
        }
        if (!(x1 > x0)) { x0 = Double.isFinite(x0) ? x0 - 0.5 : 0; x1 = x0 + 1; }
        if (!(y1 > y0)) { y0 = Double.isFinite(y0) ? y0 - 0.5 : 0; y1 = y0 + 1; }
        if (series.stream().anyMatch(s -> s.labels != null)) x1 += (x1 - x0) * 0.12; // room for the last labels
        double pad = (y1 - y0) * 0.05;
        y0 -= pad;
        y1 += pad;
        int pw = W - L - R, ph = H - T - B;
        c.rect(0, 0, W, H, 0xffffff, true);
        c.text(W / 2.0, 24, title, 15, Canvas.Anchor.MIDDLE, false);
        for (int k = 0; k <= 5; k++) {
            double px = L + pw * k / 5.0, py = T + ph - ph * k / 5.0;
            c.line(px, T, px, T + ph, 0xeeeeee, 1);
            c.line(L, py, L + pw, py, 0xeeeeee, 1);
            c.text(px, T + ph + 16, tick(x0 + (x1 - x0) * k / 5), 11, Canvas.Anchor.MIDDLE, false);
            double fy = y0 + (y1 - y0) * k / 5;
            c.text(L - 6, py + 4, tick(logY ? Math.pow(10, fy) : fy), 11, Canvas.Anchor.END, false);
        }
        if (field != null) drawField(c, x0, x1, y0, y1, pw, ph);
        c.rect(L, T, pw, ph, 0x444444, false);
        c.text(L + pw / 2.0, H - 12, xLabel, 12, Canvas.Anchor.MIDDLE, false);
        c.text(18, T + ph / 2.0, yLabel + (logY ? " (log scale)" : ""), 12, Canvas.Anchor.MIDDLE, true);
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            double[] px = new double[s.x.length], py = new double[s.x.length];
            int n = 0;
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i]) || !Double.isFinite(s.x[i])) continue;
                px[n] = L + pw * (s.x[i] - x0) / (x1 - x0);
                py[n] = T + ph - ph * (ty(s.y[i]) - y0) / (y1 - y0);
                if (s.labels != null) c.text(px[n] + 4, py[n] - 4, s.labels[i], 10, Canvas.Anchor.START, false);
                n++;
            }
            if (s.points) for (int i = 0; i < n; i++) c.circle(px[i], py[i], 2.2, s.color, 0.6);
            else c.polyline(px, py, n, s.color, 2);
            c.rect(L + pw - 160, T + 10 + 18 * si, 12, 12, s.color, true);
            c.text(L + pw - 142, T + 21 + 18 * si, s.name, 12, Canvas.Anchor.START, false);
        }
    }

    private void drawField(Canvas c, double x0, double x1, double y0, double y1, int pw, int ph) {
        int rows = field.length, cols = field[0].length;
        double cw = (fx1 - fx0) / cols * pw / (x1 - x0), chh = (fy1 - fy0) / rows * ph / (y1 - y0);
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < cols; k++) {
                double v = Math.max(0, Math.min(1, field[r][k]));
                int red = (int) (0xc6 + (0xf4 - 0xc6) * v), green = (int) (0xdb + (0xc7 - 0xdb) * v), blue = (int) (0xef + (0xc3 - 0xef) * v);
                double px = L + pw * (fx0 + (fx1 - fx0) * k / cols - x0) / (x1 - x0);
                double py = T + ph - ph * (fy0 + (fy1 - fy0) * (r + 1) / rows - y0) / (y1 - y0);
                c.rect(px, py, cw + 0.5, chh + 0.5, (red << 16) | (green << 8) | blue, true);
            }
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        if (a < 1e-12) return "0";
        if (a != 0 && (a < 1e-3 || a >= 1e5)) return String.format(Locale.ROOT, "%.1e", v);
        return String.format(Locale.ROOT, a < 1 ? "%.3f" : a < 100 ? "%.2f" : "%.0f", v);
    }
}
