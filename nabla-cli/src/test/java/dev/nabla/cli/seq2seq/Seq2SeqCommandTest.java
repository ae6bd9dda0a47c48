package dev.nabla.cli.seq2seq;

import dev.nabla.cli.CliRun;
import dev.nabla.models.seq2seq.Seq2SeqFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nabla seq2seq train and translate on a tiny model and a few steps: the plumbing, not the accuracy. */
class Seq2SeqCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainThenTranslateWithHeatmaps() throws Exception {
        Path model = dir.resolve("s2s.safetensors"), png = dir.resolve("att.png"), svg = dir.resolve("enc.svg");
        CliRun train = run("seq2seq", "train", "--d-model", "16", "--heads", "2", "--layers", "1", "--ffn", "32", "--batch", "8",
                "--steps", "6", "--eval-every", "3", "--eval", "5", "--test", "6", "--beam", "2", "--seed", "3", "-o", model.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("step 3: train loss") && train.out().contains("step 6: train loss"), train.out());
        assertTrue(train.out().matches("(?s).*exact match greedy [0-9.]+% .*beam 2 .*"), train.out());
        assertEquals(6, Seq2SeqFile.load(model).step());

        CliRun resumed = run("seq2seq", "train", "--d-model", "99", "--steps", "8", "--eval-every", "2", "--eval", "5", "--test", "6",
                "--beam", "0", "-o", model.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resumed from " + model + " at step 6") && resumed.out().contains("d_model 16"), resumed.out());
        assertEquals(8, Seq2SeqFile.load(model).step());

        CliRun t = run("seq2seq", "translate", "-m", model.toString(), "three hundred forty-two", "--attention", png.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().lines().findFirst().orElseThrow().matches("[0-9]*"), "digits (any, untrained): " + t.out());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 7 * "cross attention, layer 0, mean of heads: three hundred forty-two -> ".length());

        CliRun enc = run("seq2seq", "translate", "-m", model.toString(), "seven", "--beam", "1", "--kind", "encoder", "--head", "1",
                "--attention", svg.toString());
        assertEquals(0, enc.code(), enc.err());
        assertTrue(Files.readString(svg).contains("encoder attention, layer 0, head 1"));

        Path csv = png.resolveSibling("weights.csv");
        CliRun dec = run("seq2seq", "translate", "-m", model.toString(), "forty-two", "--kind", "decoder", "--head", "0",
                "--attention", png.toString(), "--weights", csv.toString());
        assertEquals(0, dec.code(), dec.err());
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.getFirst().startsWith(",<bos>"), lines.getFirst());
        assertEquals(lines.getFirst().split(",").length, lines.size(), "square: outputs + <eos> rows, <bos> + outputs columns");
        for (String row : lines.subList(1, lines.size())) { // causal self-attention: each row sums to 1
            double sum = java.util.Arrays.stream(row.split(",")).skip(1).mapToDouble(Double::parseDouble).sum();
            assertEquals(1.0, sum, 1e-4, row);
        }

        CliRun bad = run("seq2seq", "translate", "-m", model.toString(), "three hundred and two", "--attention", png.toString());
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("unknown token 'and'"), bad.err());
    }

    private static CliRun run(String... args) {
        return CliRun.nabla(args);
    }
}
