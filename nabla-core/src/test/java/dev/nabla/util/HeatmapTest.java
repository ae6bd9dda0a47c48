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

class HeatmapTest {
    @TempDir
    Path dir;

    private static Heatmap diagonal() {
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0.5, 0.5}};
        return new Heatmap("attention", new String[] {"three", "hundred", "<eos>"}, new String[] {"3", "0", "0"}, v);
    }

    @Test
    void pngCellsShowTheValues() throws Exception {
        Path p = dir.resolve("a/att.png");
        diagonal().save(p);
        BufferedImage im = ImageIO.read(p.toFile());
        // find the grid: the darkest pixels are the cells with value 1, on the diagonal
        int dark = 0, darkX0 = Integer.MAX_VALUE, darkX1 = 0, darkY0 = Integer.MAX_VALUE, darkY1 = 0;
        for (int y = 0; y < im.getHeight(); y++)
            for (int x = 0; x < im.getWidth(); x++)
                if ((im.getRGB(x, y) & 0xffffff) == Heatmap.color(1)) {
                    dark++;
                    darkX0 = Math.min(darkX0, x); darkX1 = Math.max(darkX1, x);
                    darkY0 = Math.min(darkY0, y); darkY1 = Math.max(darkY1, y);
                }
        assertTrue(dark >= 2 * 30 * 30, "two full cells of value 1, got " + dark + " pixels");
        int cell = (darkX1 - darkX0 + 1) / 2;
        assertEquals(darkX1 - darkX0, darkY1 - darkY0, 1, "the value-1 cells lie on the diagonal");
        // the half cells of the last row, below the second and third columns
        int y = darkY1 + cell / 2;
        assertEquals(Heatmap.color(0.5), im.getRGB(darkX0 + cell + cell / 2, y) & 0xffffff);
        assertEquals(Heatmap.color(0.5), im.getRGB(darkX0 + 2 * cell + cell / 2, y) & 0xffffff);
        assertEquals(0xffffff, im.getRGB(darkX0 + cell / 2, y) & 0xffffff);
    }

    @Test
    void svgHasEveryLabel() throws Exception {
        Path p = dir.resolve("att.svg");
        diagonal().save(p);
        String s = Files.readString(p);
        for (String label : new String[] {"three", "hundred", "&lt;eos&gt;", ">3<", ">0<", "attention"}) assertTrue(s.contains(label), label);
    }

    @Test
    void rejectsMismatchedLabels() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Heatmap("t", new String[] {"a"}, new String[] {"x"}, new double[][] {{1, 2}}));
        assertTrue(e.getMessage().contains("Heatmap"));
        assertThrows(IllegalArgumentException.class, () -> diagonal().save(dir.resolve("att.jpg")));
        assertEquals(0xffffff, Heatmap.color(Double.NaN));
    }
}
