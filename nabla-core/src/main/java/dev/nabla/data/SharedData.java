package dev.nabla.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where demos and benchmarks find their data sets: the folder named by the system property {@code nabla.data} or
 * the environment variable {@code NABLA_DATA}, else a {@code shared/data} folder beside or inside the working
 * directory or one of its parents (three levels up), as the development machines lay it out.
 */
public final class SharedData {
    private SharedData() {}

    /** The file or folder {@code name} in the first data folder that has it, or null when none does. */
    public static Path find(String name) {
        String env = System.getenv("NABLA_DATA"), prop = System.getProperty("nabla.data");
        for (String root : new String[] {prop, env}) {
            if (root == null || root.isEmpty()) continue;
            Path p = Path.of(root).resolve(name);
            if (Files.exists(p)) return p;
        }
        Path p = Path.of("").toAbsolutePath();
        for (int up = 0; up <= 3 && p != null; up++, p = p.getParent()) {
            Path inside = p.resolve("shared/data").resolve(name);
            if (Files.exists(inside)) return inside;
            Path beside = p.getParent() == null ? null : p.getParent().resolve("shared/data").resolve(name);
            if (beside != null && Files.exists(beside)) return beside;
        }
        return null;
    }
}
