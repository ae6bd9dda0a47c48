package dev.nabla.text;

import dev.nabla.tensor.Generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated corpus for the trainers' quality tests: sentences of 12 words, each about one of {@link #GROUPS} topic
 * groups ("g2w5" is word 5 of group 2), a third of them frequent topic-free fillers ("the0".."the2"). Words of a
 * group share contexts; words of different groups share only the fillers, and, with {@code strays}, the odd word of
 * another group (one in five): GloVe fits only the pairs that occur, so groups that never met would have nothing to
 * tell them apart but the fillers.
 */
final class TopicCorpus {
    static final int GROUPS = 4, PER_GROUP = 8;

    private TopicCorpus() {}

    static Corpus write(Path dir, long seed, int sentences, boolean strays) throws IOException {
        Generator g = new Generator(seed);
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            int group = g.nextInt(GROUPS);
            for (int i = 0; i < 12; i++) {
                if (i > 0) b.append(' ');
                if (g.nextInt(3) == 0) b.append("the").append(g.nextInt(3));
                else b.append('g').append(strays && g.nextInt(5) == 0 ? g.nextInt(GROUPS) : group).append('w').append(g.nextInt(PER_GROUP));
            }
            b.append('\n');
        }
        Path f = dir.resolve("topics-" + seed + ".txt");
        Files.writeString(f, b);
        return Corpus.file(f, Tokenizer.english());
    }
}
