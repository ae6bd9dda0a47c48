package dev.nabla.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Line and scatter plots as standalone SVG files: no fonts or graphics libraries needed. */
public final class SvgPlot {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};
    private static final int W = 720, H = 440, L = 70, R = 20, T = 40, B = 50;

    private record Series(String name, double[] x, double[] y, boolean points) {}

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;

    public SvgPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public SvgPlot logY() {
        logY = true;
        return this;
    }

    public SvgPlot line(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y, false));
        return this;
    }

    public SvgPlot points(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y, true));
        return this;
    }

    private double ty(double y) {
        return logY ? Math.log10(Math.max(y, 1e-30)) : y;
    }

    public String render() {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        for (Series s : series)
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i])) continue;
                x0 = Math.min(x0, s.x[i]);
                x1 = Math.max(x1, s.x[i]);
                y0 = Math.min(y0, ty(s.y[i]));
                y1 = Math.max(y1, ty(s.y[i]));
            }
        if (x1 <= x0) x1 = x0 + 1;
        if (y1 <= y0) y1 = y0 + 1;
        double pad = (y1 - y0) * 0.05;
        y0 -= pad;
        y1 += pad;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">%s</text>%n", W / 2, esc(title)));
        int pw = W - L - R, ph = H - T - B;
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n", L, T, pw, ph));
        for (int k = 0; k <= 5; k++) {
            double fx = x0 + (x1 - x0) * k / 5, fy = y0 + (y1 - y0) * k / 5;
            double px = L + pw * k / 5.0, py = T + ph - ph * k / 5.0;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n", px, T, px, T + ph));
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n", L, py, L + pw, py));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, T + ph + 16, tick(fx)));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", L - 6, py + 4, tick(logY ? Math.pow(10, fy) : fy)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", L + pw / 2, H - 12, esc(xLabel)));
        b.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s%s</text>%n",
                T + ph / 2, T + ph / 2, esc(yLabel), logY ? " (log scale)" : ""));
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            String c = COLORS[si % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i])) continue;
                double px = L + pw * (s.x[i] - x0) / (x1 - x0), py = T + ph - ph * (ty(s.y[i]) - y0) / (y1 - y0);
                if (s.points) b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\" fill-opacity=\"0.6\"/>%n", px, py, c));
                else pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            if (!s.points) b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", c, pts.toString().trim()));
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    L + pw - 150, T + 10 + 18 * si, c, L + pw - 132, T + 21 + 18 * si, esc(s.name)));
        }
        return b.append("</svg>\n").toString();
    }

    /** Writes the plot atomically (temporary file, then rename). */
    public void save(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, render(), StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) return String.format(Locale.ROOT, "%.1e", v);
        return String.format(Locale.ROOT, a < 1 ? "%.3f" : a < 100 ? "%.2f" : "%.0f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
