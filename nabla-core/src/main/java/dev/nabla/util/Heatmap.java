package dev.nabla.util;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A matrix of values in [0, 1] drawn as coloured cells with a label for every row and column (attention weights:
 * target tokens down, source tokens across), white for 0 to dark blue for 1; saved as PNG or SVG.
 * <pre>{@code new Heatmap("layer 1, head 2", sourceTokens, targetTokens, weights).save(Path.of("attention.png")); }</pre>
 */
public final class Heatmap {
    private static final int CELL_MAX = 36, CELL_MIN = 6, LEFT_PAD = 12, TOP = 40, RIGHT = 20, BOTTOM = 12;

    private final String title;
    private final String[] columns, rows;
    private final double[][] values;

    /** values[r][c] for row r (label rows[r]) and column c (label columns[c]). */
    public Heatmap(String title, String[] columns, String[] rows, double[][] values) {
        if (values.length != rows.length)
            throw new IllegalArgumentException("Heatmap: " + values.length + " rows of values for " + rows.length + " row labels");
        for (int r = 0; r < values.length; r++)
            if (values[r].length != columns.length)
                throw new IllegalArgumentException("Heatmap: row " + r + " has " + values[r].length + " values for " + columns.length + " column labels");
        this.title = title;
        this.columns = columns.clone();
        this.rows = rows.clone();
        this.values = values;
    }

    /** Writes the heatmap atomically; PNG for ".png", SVG for ".svg". */
    public void save(Path path) throws IOException {
        int cell = Math.max(CELL_MIN, Math.min(CELL_MAX, 720 / Math.max(1, Math.max(columns.length, rows.length))));
        int left = LEFT_PAD + labelWidth(rows), top = TOP + labelWidth(columns);
        int w = Math.max(left + cell * columns.length + RIGHT, 7 * title.length() + 24), h = top + cell * rows.length + BOTTOM;
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        Canvas c;
        if (name.endsWith(".png")) c = new Canvas.Png(w, h);
        else if (name.endsWith(".svg")) c = new Canvas.Svg(w, h);
        else throw new IllegalArgumentException("Heatmap.save: " + path + ": use a .png or .svg file name");
        c.rect(0, 0, w, h, 0xffffff, true);
        c.text(w / 2.0, 22, title, 14, Canvas.Anchor.MIDDLE, false);
        for (int r = 0; r < rows.length; r++) {
            double y = top + r * cell;
            c.text(left - 6, y + cell / 2.0 + 4, rows[r], 11, Canvas.Anchor.END, false);
            for (int k = 0; k < columns.length; k++) c.rect(left + k * cell, y, cell, cell, color(values[r][k]), true);
        }
        for (int k = 0; k < columns.length; k++) // column labels written upwards, ending just above their column
            c.text(left + k * cell + cell / 2.0 + 4, top - 6, columns[k], 11, Canvas.Anchor.START, true);
        c.rect(left, top, cell * columns.length, cell * rows.length, 0x444444, false);
        Files.writeAtomically(path, c.finish());
    }

    /** Rough width in pixels of the longest label at 11 px. */
    private static int labelWidth(String[] labels) {
        int n = 0;
        for (String s : labels) n = Math.max(n, s.length());
        return 7 * n + 6;
    }

    /** White (0) to dark blue (1); NaN and values outside [0, 1] clamped. */
    static int color(double v) {
        double t = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
        int r = (int) Math.round(255 + (0x08 - 255) * t), g = (int) Math.round(255 + (0x30 - 255) * t), b = (int) Math.round(255 + (0x6b - 255) * t);
        return (r << 16) | (g << 8) | b;
    }
}
