package dev.nabla.golden;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.stream.Stream;

/** Replays every case of one golden family through nabla; subclasses give one line per op. */
public abstract class GoldenTest {
    /** The golden file's name (tools/goldens/&lt;family&gt;.py). */
    protected abstract String family();

    /** How nabla runs each op of the family. */
    protected abstract Map<String, OpFn> ops();

    @TestFactory
    Stream<DynamicTest> goldens() {
        Map<String, OpFn> ops = ops();
        return Golden.load(family()).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> GoldenCheck.run(c, ops)));
    }
}
