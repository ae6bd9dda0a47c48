package dev.nabla.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backpropagation demos reach their stated quality on their small built-in data. */
class DemosTest {
    @TempDir
    Path out;

    @Test
    void linearRegressionRecoversTheTrueWeights() throws Exception {
        LinearDemo demo = new LinearDemo();
        assertEquals(0, new CommandLine(demo).execute("--out", out.toString()));
        for (int i = 0; i < 3; i++) assertEquals(LinearDemo.TRUE_W[i], demo.learned[i], 0.01, "w" + i);
        assertEquals(LinearDemo.TRUE_B, demo.learned[3], 0.01, "b");
        assertTrue(Files.size(out.resolve("linear-loss.png")) > 1000);
    }

    @Test
    void twoMoonsAreSeparated() throws Exception {
        MoonsDemo demo = new MoonsDemo();
        assertEquals(0, new CommandLine(demo).execute("--out", out.toString(), "--steps", "800"));
        assertTrue(demo.accuracy >= 0.97, "training accuracy " + demo.accuracy);
        assertTrue(Files.size(out.resolve("moons-boundary.png")) > 1000);
    }

    @Test
    void sineDemoLowersTheLossToTheNoiseLevel() throws Exception {
        assertEquals(0, new CommandLine(new Main()).execute("demo", "--out", out.toString(), "--steps", "400"));
        assertTrue(Files.exists(out.resolve("loss.png")) && Files.exists(out.resolve("fit.png")));
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 12, "commands found: " + paths);
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true));
        try {
            for (List<String> path : paths) {
                List<String> args = new ArrayList<>(path);
                args.add("--help");
                assertEquals(0, new CommandLine(new Main()).execute(args.toArray(String[]::new)), String.join(" ", args));
            }
        } finally {
            System.setErr(err);
        }
        assertTrue(!warnings.toString().contains("WARN"), "picocli warned while formatting a help text: " + warnings);
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> out) {
        out.add(path);
        cmd.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) return;
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, out);
        });
    }
}
