package dev.nabla.models.bert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class UnlabeledTextsTest {
    @TempDir
    Path tmp;

    /** 40 documents of two sentences each, the second one the same in every document, and a short one. */
    Path text() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int d = 1; d <= 40; d++) {
            lines.add("Document " + d + " says something about its own topic.");
            lines.add("Every document ends with this same sentence.");
            lines.add("Too short here.");
            lines.add("");
        }
        Path f = tmp.resolve("corpus.txt");
        Files.write(f, lines);
        return f;
    }

    @Test
    void sentencesOfTheTrainingDocumentsOnceEachWithoutTheTasksOrShortOnes() throws Exception {
        List<String> all = UnlabeledTexts.sample(text(), Set.of("Document 3 says something about its own topic."), 6, 1000, 0);
        // documents 20 and 40 are held out as in pretraining, document 3's sentence is the task's, the shared one comes once
        assertEquals(38 - 1 + 1, all.size(), all.toString());
        assertTrue(all.contains("Every document ends with this same sentence."));
        assertFalse(all.contains("Document 3 says something about its own topic."));
        assertFalse(all.contains("Document 20 says something about its own topic."), "held out");
        assertFalse(all.contains("Too short here."), "under 6 words");
        assertEquals(all.size(), new HashSet<>(all).size());
    }

    @Test
    void aSeededSampleWhenThereAreMore() throws Exception {
        List<String> a = UnlabeledTexts.sample(text(), Set.of(), 6, 10, 7), b = UnlabeledTexts.sample(text(), Set.of(), 6, 10, 7);
        assertEquals(10, a.size());
        assertEquals(a, b);
        assertEquals(10, new HashSet<>(a).size());
        assertNotEquals(a, UnlabeledTexts.sample(text(), Set.of(), 6, 10, 8));
        assertTrue(UnlabeledTexts.sample(text(), Set.of(), 6, 1000, 0).containsAll(a));
    }

    @Test
    void badArgumentsAreNamed() throws Exception {
        Path f = text();
        var e = assertThrows(IllegalArgumentException.class, () -> UnlabeledTexts.sample(f, Set.of(), 6, 0, 0));
        assertTrue(e.getMessage().contains("max must be at least 1, got 0"), e.getMessage());
        var io = assertThrows(java.io.IOException.class, () -> UnlabeledTexts.sample(f, Set.of(), 60, 10, 0));
        assertTrue(io.getMessage().contains(f + ": no sentence of at least 60 words"), io.getMessage());
    }

    @Test
    void theTeachersSurestRowsOfEachClass() {
        float[] p = {
                0.9f, 0.1f, 0f, // 0: class 0, sure
                0.5f, 0.4f, 0.1f, // 1: class 0, unsure
                0.2f, 0.7f, 0.1f, // 2: class 1
                0.7f, 0.2f, 0.1f, // 3: class 0
                0.1f, 0.3f, 0.6f, // 4: class 2
                0.1f, 0.8f, 0.1f}; // 5: class 1, sure
        assertArrayEquals(new int[] {0, 4, 5}, UnlabeledTexts.mostConfident(p, 3, 1));
        assertArrayEquals(new int[] {0, 2, 3, 4, 5}, UnlabeledTexts.mostConfident(p, 3, 2));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, UnlabeledTexts.mostConfident(p, 3, 10));
        var e = assertThrows(IllegalArgumentException.class, () -> UnlabeledTexts.mostConfident(p, 4, 1));
        assertTrue(e.getMessage().contains("mostConfident: need probabilities (n, 4)"), e.getMessage());
    }
}
