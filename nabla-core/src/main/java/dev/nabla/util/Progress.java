package dev.nabla.util;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A progress bar for long loops: count, percentage, rate, elapsed time, ETA and live metrics (loss...).
 * On a terminal it redraws one line; otherwise (logs, CI) it prints a line every few seconds.
 */
public final class Progress implements AutoCloseable {
    private final String label;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean tty;
    private final long start = System.nanoTime();
    private final Map<String, String> metrics = new LinkedHashMap<>();
    private long done;
    private long lastDraw;
    private boolean closed;

    public Progress(String label, long total, String unit) {
        this(label, total, unit, System.err, System.console() != null);
    }

    public Progress(String label, long total, String unit, PrintStream out, boolean tty) {
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.tty = tty;
    }

    /** Sets a metric shown after the bar, e.g. set("loss", "%.4f", loss). */
    public Progress set(String name, String format, Object... args) {
        metrics.put(name, String.format(Locale.ROOT, format, args));
        return this;
    }

    public void step() {
        advance(1);
    }

    public void advance(long n) {
        done += n;
        long now = System.nanoTime();
        long every = tty ? 100_000_000L : 5_000_000_000L;
        if (now - lastDraw >= every || done >= total) {
            lastDraw = now;
            draw(done >= total);
        }
    }

    private void draw(boolean last) {
        double secs = (System.nanoTime() - start) / 1e9;
        double rate = secs > 0 ? done / secs : 0;
        double frac = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        int width = 24, fill = (int) Math.round(frac * width);
        StringBuilder b = new StringBuilder();
        b.append(label).append(' ')
                .append(String.format(Locale.ROOT, "%3.0f%%", 100 * frac))
                .append(" |").append("█".repeat(fill)).append(" ".repeat(width - fill)).append("| ")
                .append(done).append('/').append(total).append(' ')
                .append('[').append(time(secs)).append('<').append(rate > 0 ? time((total - done) / rate) : "?")
                .append(", ").append(String.format(Locale.ROOT, rate >= 100 ? "%.0f" : "%.2f", rate)).append(' ').append(unit).append("/s]");
        metrics.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        if (tty) out.print("\r" + b + "\033[K" + (last ? "\n" : ""));
        else out.println(b);
        out.flush();
    }

    /** m:ss or h:mm:ss */
    static String time(double secs) {
        long s = Math.max(0, Math.round(secs));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (done < total) draw(true);
        }
    }
}
