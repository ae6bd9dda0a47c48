package dev.nabla.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotTest {
    @TempDir
    Path dir;

    private static Plot plot() {
        double[] x = {0, 1, 2, 3}, y = {1, 0.5, 0.25, 0.125};
        return new Plot("loss", "step", "loss").logY().line("train", x, y).points("val", x, y);
    }

    @Test
    void writesADecodablePng() throws Exception {
        Path p = dir.resolve("sub/loss.png");
        plot().save(p);
        BufferedImage im = ImageIO.read(p.toFile());
        assertEquals(720, im.getWidth());
        assertEquals(440, im.getHeight());
        int drawn = 0; // the curve and the text put non-white pixels inside the plot area
        for (int y = 40; y < 390; y++) for (int x = 74; x < 700; x++) if ((im.getRGB(x, y) & 0xffffff) != 0xffffff) drawn++;
        assertTrue(drawn > 1000, "only " + drawn + " pixels drawn");
    }

    @Test
    void writesSvgAndLeavesNoTemporaryFiles() throws Exception {
        Path p = dir.resolve("loss.svg");
        plot().save(p);
        String s = Files.readString(p);
        assertTrue(s.startsWith("<svg") && s.trim().endsWith("</svg>") && s.contains("<polyline"), s);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void rejectsUnknownExtensionsAndRaggedSeries() {
        assertThrows(IllegalArgumentException.class, () -> plot().save(dir.resolve("loss.jpg")));
        assertThrows(IllegalArgumentException.class, () -> new Plot("t", "x", "y").line("a", new double[2], new double[3]));
    }
}
