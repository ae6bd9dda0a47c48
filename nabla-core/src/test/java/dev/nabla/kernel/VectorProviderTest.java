package dev.nabla.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider picks the Vector API when it can, and the scalar loops when told to (the build runs both). */
class VectorProviderTest {
    @Test
    void choosesTheImplementationTheEnvironmentAsksFor() {
        String flag = System.getenv("NABLA_VECTOR");
        if ("off".equals(flag)) {
            assertEquals("scalar", VectorOps.get().name());
            assertTrue(VectorProvider.whyNotVector().startsWith("NABLA_VECTOR"));
        } else {
            // the build starts the JVM with --add-modules jdk.incubator.vector and C2 on
            assertNull(VectorProvider.whyNotVector());
            assertTrue(VectorOps.get().name().startsWith("vector"), VectorOps.get().name());
        }
    }
}
