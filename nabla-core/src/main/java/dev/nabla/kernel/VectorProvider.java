package dev.nabla.kernel;

import java.lang.management.ManagementFactory;

/**
 * Chooses the {@link VectorOps} implementation once, as Lucene's VectorizationProvider does: the Vector API
 * when its incubator module is readable and C2 will compile it, else the scalar loops, with a one-line notice.
 * NABLA_VECTOR=off (or -Dnabla.vector=off) forces the scalar path.
 */
final class VectorProvider {
    static final VectorOps INSTANCE = choose();

    private VectorProvider() {}

    private static VectorOps choose() {
        String reason = whyNotVector();
        if (reason == null) {
            try {
                return (VectorOps) Class.forName("dev.nabla.kernel.PanamaVectorOps").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                reason = "the Vector API could not be used (" + cause.getMessage() + ")";
            }
        }
        if (!reason.startsWith("NABLA_VECTOR")) System.err.println("nabla: " + reason + "; using scalar kernels");
        return new ScalarVectorOps();
    }

    /** A HotSpot flag's value, or null where this JVM does not have it. */
    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Null when the Vector API should be used, else why not. */
    static String whyNotVector() {
        String flag = System.getProperty("nabla.vector", System.getenv("NABLA_VECTOR"));
        if (flag != null && (flag.equalsIgnoreCase("off") || flag.equals("0") || flag.equalsIgnoreCase("false") || flag.equalsIgnoreCase("scalar")))
            return "NABLA_VECTOR=" + flag;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty())
            return "jdk.incubator.vector is not readable (start java with --add-modules jdk.incubator.vector)";
        String vmName = System.getProperty("java.vm.name", "");
        if (!vmName.contains("HotSpot") && !vmName.contains("OpenJDK")) return "the JVM (" + vmName + ") is not HotSpot";
        if (System.getProperty("java.vm.info", "").contains("interpreted mode")) return "the JIT is off (-Xint)";
        if ("true".equals(vmOption("UseJVMCICompiler")))
            return "the JIT is Graal (JVMCI), which does not compile the Vector API well";
        String level = vmOption("TieredStopAtLevel");
        if (level != null && !level.isEmpty() && Integer.parseInt(level) < 4) return "C2 is disabled (-XX:TieredStopAtLevel=" + level + ")";
        return null;
    }
}
