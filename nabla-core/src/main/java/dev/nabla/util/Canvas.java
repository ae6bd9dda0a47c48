package dev.nabla.util;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The drawing primitives plots need, rendered as SVG text or as a PNG image (Java2D, headless). */
interface Canvas {
    enum Anchor { START, MIDDLE, END }

    void rect(double x, double y, double w, double h, int rgb, boolean fill);

    void line(double x1, double y1, double x2, double y2, int rgb, double width);

    void polyline(double[] xs, double[] ys, int n, int rgb, double width);

    void circle(double cx, double cy, double r, int rgb, double opacity);

    /** Text with its baseline at y; rotated -90° when vertical. */
    void text(double x, double y, String s, double size, Anchor anchor, boolean vertical);

    /** Finishes and returns the file's bytes. */
    byte[] finish() throws IOException;

    final class Svg implements Canvas {
        private final StringBuilder b = new StringBuilder();

        Svg(int w, int h) {
            b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">%n", w, h));
        }

        private static String color(int rgb) {
            return String.format("#%06x", rgb & 0xffffff);
        }

        @Override
        public void rect(double x, double y, double w, double h, int rgb, boolean fill) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s/>%n", x, y, w, h,
                    fill ? "fill=\"" + color(rgb) + "\"" : "fill=\"none\" stroke=\"" + color(rgb) + "\""));
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, int rgb, double width) {
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
                    x1, y1, x2, y2, color(rgb), width));
        }

        @Override
        public void polyline(double[] xs, double[] ys, int n, int rgb, double width) {
            b.append("<polyline fill=\"none\" stroke=\"").append(color(rgb)).append(String.format(Locale.ROOT, "\" stroke-width=\"%.1f\" points=\"", width));
            for (int i = 0; i < n; i++) b.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], ys[i]));
            b.append("\"/>\n");
        }

        @Override
        public void circle(double cx, double cy, double r, int rgb, double opacity) {
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"%.2f\"/>%n", cx, cy, r, color(rgb), opacity));
        }

        @Override
        public void text(double x, double y, String s, double size, Anchor anchor, boolean vertical) {
            String esc = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"%s\"%s>%s</text>%n", x, y, size,
                    anchor.name().toLowerCase(Locale.ROOT), vertical ? String.format(Locale.ROOT, " transform=\"rotate(-90 %.1f %.1f)\"", x, y) : "", esc));
        }

        @Override
        public byte[] finish() {
            return b.append("</svg>\n").toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    final class Png implements Canvas {
        private final BufferedImage image;
        private final Graphics2D g;

        Png(int w, int h) {
            System.setProperty("java.awt.headless", "true");
            image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        }

        @Override
        public void rect(double x, double y, double w, double h, int rgb, boolean fill) {
            g.setColor(new Color(rgb));
            if (fill) g.fill(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
            else {
                g.setStroke(new BasicStroke(1f));
                g.draw(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
            }
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, int rgb, double width) {
            g.setColor(new Color(rgb));
            g.setStroke(new BasicStroke((float) width));
            g.draw(new java.awt.geom.Line2D.Double(x1, y1, x2, y2));
        }

        @Override
        public void polyline(double[] xs, double[] ys, int n, int rgb, double width) {
            if (n == 0) return;
            Path2D.Double p = new Path2D.Double();
            p.moveTo(xs[0], ys[0]);
            for (int i = 1; i < n; i++) p.lineTo(xs[i], ys[i]);
            g.setColor(new Color(rgb));
            g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(p);
        }

        @Override
        public void circle(double cx, double cy, double r, int rgb, double opacity) {
            g.setColor(new Color((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, (int) Math.round(255 * opacity)));
            g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        }

        @Override
        public void text(double x, double y, String s, double size, Anchor anchor, boolean vertical) {
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(size)));
            double w = g.getFontMetrics().stringWidth(s);
            double shift = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2 : -w;
            AffineTransform saved = g.getTransform();
            g.translate(x, y);
            if (vertical) g.rotate(-Math.PI / 2);
            g.drawString(s, (float) shift, 0f);
            g.setTransform(saved);
        }

        @Override
        public byte[] finish() throws IOException {
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        }
    }
}
