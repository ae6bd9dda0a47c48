package dev.nabla.cli;

import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.VectorOps;
import picocli.CommandLine.Command;

/** Prints what nabla runs on: JDK, kernels, threads. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show the JDK, the kernel implementation and the thread count in use.")
final class InfoCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("nabla 0.1.0");
        System.out.println("java     " + System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.home") + ")");
        System.out.println("kernels  " + VectorOps.get().name());
        System.out.println("threads  " + Parallel.threads() + " (set NABLA_THREADS to change)");
    }
}
