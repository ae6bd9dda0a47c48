package dev.nabla.text.tasks;

import dev.nabla.util.Files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A text classification task split into train, validation and test, with the names of its classes.
 * <p>
 * Saved as one UTF-8 TSV file with a header {@code split label label_name file text} and one example per row, in
 * split order (train, validation, test) — readable by Python's {@code csv} module or
 * {@code line.rstrip("\n").split("\t")}; texts hold no tabs or line breaks.
 */
public record TextClassificationData(List<String> labels, List<LabeledText> train, List<LabeledText> validation,
                                     List<LabeledText> test) {
    public static final String HEADER = "split\tlabel\tlabel_name\tfile\ttext";
    private static final String[] SPLITS = {"train", "validation", "test"};

    public TextClassificationData {
        labels = List.copyOf(labels);
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        for (List<LabeledText> split : List.of(train, validation, test))
            for (LabeledText t : split)
                if (t.label() >= labels.size())
                    throw new IllegalArgumentException("TextClassificationData: label " + t.label() + " of '" + t.text()
                            + "' is not below the number of classes " + labels.size());
    }

    /** The split by name: train, validation or test. */
    public List<LabeledText> split(String name) {
        return switch (name) {
            case "train" -> train;
            case "validation" -> validation;
            case "test" -> test;
            default -> throw new IllegalArgumentException("unknown split '" + name + "' (train, validation or test)");
        };
    }

    /** The number of examples of each class in {@code split}. */
    public int[] classSizes(List<LabeledText> split) {
        int[] n = new int[labels.size()];
        for (LabeledText t : split) n[t.label()]++;
        return n;
    }

    /** A table of class sizes per split, one class a row, for reports. */
    public String sizeTable() {
        StringBuilder sb = new StringBuilder();
        int width = Math.max(5, labels.stream().mapToInt(String::length).max().orElse(0));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s %8s %10s %8s%n", "class", "train", "validation", "test"));
        int[][] sizes = {classSizes(train), classSizes(validation), classSizes(test)};
        for (int c = 0; c < labels.size(); c++)
            sb.append(String.format(Locale.ROOT, "%-" + width + "s %8d %10d %8d%n", labels.get(c), sizes[0][c], sizes[1][c], sizes[2][c]));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s %8d %10d %8d%n", "total", train.size(), validation.size(), test.size()));
        return sb.toString();
    }

    /** Writes the task as TSV (see the class comment), atomically. */
    public void save(Path path) throws IOException {
        Files.writeAtomically(path, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(HEADER);
            w.write('\n');
            for (String split : SPLITS)
                for (LabeledText t : split(split))
                    w.write(split + '\t' + t.label() + '\t' + labels.get(t.label()) + '\t' + t.file() + '\t' + t.text() + '\n');
            w.flush();
        });
    }

    /** Reads a task written by {@link #save}; every class must occur in some split, with one name. */
    public static TextClassificationData load(Path path) throws IOException {
        if (!java.nio.file.Files.isRegularFile(path)) throw new NoSuchFileException(path.toString(), null, "task TSV not found");
        List<List<LabeledText>> splits = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<String> names = new ArrayList<>();
        try (BufferedReader r = java.nio.file.Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (!HEADER.equals(header)) throw new IOException(path + ": line 1: expected the header '" + HEADER + "', got '" + header + "'");
            int lineNo = 1;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                String[] f = line.split("\t", -1);
                if (f.length != 5) throw new IOException(path + ": line " + lineNo + ": expected 5 tab-separated fields, got " + f.length);
                int s = Arrays.asList(SPLITS).indexOf(f[0]);
                if (s < 0) throw new IOException(path + ": line " + lineNo + ": unknown split '" + f[0] + "'");
                int label;
                try {
                    label = Integer.parseInt(f[1]);
                } catch (NumberFormatException e) {
                    throw new IOException(path + ": line " + lineNo + ": label '" + f[1] + "' is not an integer");
                }
                if (label < 0) throw new IOException(path + ": line " + lineNo + ": negative label " + label);
                while (names.size() <= label) names.add(null);
                if (names.get(label) == null) names.set(label, f[2]);
                else if (!names.get(label).equals(f[2]))
                    throw new IOException(path + ": line " + lineNo + ": label " + label + " is named '" + f[2] + "' here but '" + names.get(label) + "' before");
                splits.get(s).add(new LabeledText(f[4], label, f[3]));
            }
        }
        int missing = names.indexOf(null);
        if (missing >= 0) throw new IOException(path + ": label " + missing + " occurs in no row, so it has no name");
        return new TextClassificationData(names, splits.get(0), splits.get(1), splits.get(2));
    }
}
