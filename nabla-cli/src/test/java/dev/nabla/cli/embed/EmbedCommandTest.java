package dev.nabla.cli.embed;

import dev.nabla.cli.CliRun;
import dev.nabla.text.KeyedVectors;
import dev.nabla.text.VectorFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nabla embed} end to end on a small generated corpus: train, query, evaluate, convert. */
class EmbedCommandTest {
    @TempDir
    Path dir;

    /** Sentences from two topics that never mix: animals and vehicles. */
    private Path corpus() throws Exception {
        String[][] topics = {{"cat", "dog", "horse", "cow", "sheep"}, {"car", "truck", "bus", "train", "plane"}};
        String[] filler = {"the", "a", "runs", "sees", "near"};
        Random r = new Random(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String[] t = topics[i % 2];
            StringBuilder s = new StringBuilder();
            for (int w = 0; w < 8; w++) s.append(w % 2 == 0 ? t[r.nextInt(t.length)] : filler[r.nextInt(filler.length)]).append(' ');
            lines.add(s.toString().strip());
        }
        Path p = dir.resolve("corpus.txt");
        Files.write(p, lines);
        return p;
    }

    private String run(String... args) {
        CliRun r = CliRun.nabla(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
        return r.out();
    }

    @Test
    void trainQueryEvaluateConvert() throws Exception {
        Path vec = dir.resolve("v.bin");
        run("embed", "train", "--corpus", corpus().toString(), "--model", "skipgram", "--dim", "16", "--epochs", "3",
                "--threads", "1", "--min-count", "1", "--sample", "0", "-o", vec.toString(), "--no-eval",
                "--probe", "cat,car", "--plot", dir.resolve("words.png").toString());
        assertTrue(Files.size(dir.resolve("words.png")) > 1000, "the projection plot");
        KeyedVectors kv = VectorFiles.read(vec);
        assertTrue(kv.similarity("cat", "dog") > kv.similarity("cat", "truck"), "topics separate");

        String similar = run("embed", "similar", "-v", vec.toString(), "-n", "3", "cat");
        String nearest = similar.lines().skip(1).findFirst().orElseThrow().strip().split(" +")[0];
        assertTrue(List.of("dog", "horse", "cow", "sheep").contains(nearest), similar);

        Path pairs = dir.resolve("pairs.txt");
        Files.writeString(pairs, "cat\tdog\t9\ncat\tcar\t1\nbus\ttruck\t8\nhorse\tplane\t2\nunknownword\tcat\t5\n");
        String eval = run("embed", "eval", "-v", vec.toString(), "--pairs", pairs.toString());
        assertTrue(eval.contains("4 of 5 pairs"), eval);

        Path txt = dir.resolve("v.txt");
        run("embed", "convert", "-v", vec.toString(), "--to", "word2vec", txt.toString());
        KeyedVectors back = VectorFiles.read(txt);
        assertEquals(kv.words(), back.words());
        assertArrayEquals(kv.matrix(), back.matrix(), 1e-6f);
    }

    @Test
    void gloveSeparatesTheTopics() throws Exception {
        Path vec = dir.resolve("glove.txt");
        run("embed", "train", "--algorithm", "glove", "--corpus", corpus().toString(), "--dim", "16", "--epochs", "30",
                "--threads", "1", "--min-count", "1", "--x-max", "10", "-o", vec.toString(), "--format", "glove", "--no-eval",
                "--probe", "cat", "--plot", dir.resolve("g.png").toString());
        KeyedVectors kv = VectorFiles.read(vec);
        assertTrue(kv.similarity("cat", "dog") > kv.similarity("cat", "truck"), "topics separate");
    }

    @Test
    void corpusIsWrittenAsTheTrainersSeeIt() throws Exception {
        Path in = dir.resolve("in.txt"), out = dir.resolve("out.txt");
        Files.writeString(in, "The Cat, the DOG.\n\nA cow!\n");
        String said = run("embed", "corpus", "--corpus", in.toString(), out.toString());
        assertEquals(List.of("the cat , the dog .", "a cow !"), Files.readAllLines(out));
        assertTrue(said.contains("2 sentences, 9 tokens"), said);
    }

    @Test
    void fastTextAnswersForAWordItNeverSaw() throws Exception {
        Path vec = dir.resolve("ft.vec");
        String out = run("embed", "train", "--algorithm", "fasttext", "--corpus", corpus().toString(), "--dim", "16", "--epochs", "2",
                "--threads", "1", "--min-count", "1", "--buckets", "5000", "-o", vec.toString(), "--format", "word2vec", "--no-eval",
                "--probe", "horsse", "--plot", dir.resolve("ft.png").toString());
        assertTrue(out.contains("horsse (not in the vocabulary; from its character n-grams)"), out);
        assertEquals(15, VectorFiles.read(vec).size(), "the 15 words of the corpus");
    }
}
