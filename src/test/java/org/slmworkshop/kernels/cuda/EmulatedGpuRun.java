package org.slmworkshop.kernels.cuda;

import java.io.PrintWriter;
import java.util.Arrays;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.slmworkshop.kernels.BackendChoice;
import org.slmworkshop.kernels.BackendMode;
import org.slmworkshop.kernels.Backends;

/**
 * The child JVM of {@link CudaBackendOnEmulatedGpuTest}: makes the CUDA backend (on whatever SLM_CUDA_LIB holds)
 * every model's backend, runs the test classes named in the arguments, and exits 0 only if the backend is the GPU
 * and every test ran and passed. Also usable by hand, and on a real GPU.
 */
public final class EmulatedGpuRun {
    private EmulatedGpuRun() {}

    public static void main(String[] args) throws ClassNotFoundException {
        BackendChoice choice = Backends.chooseAndUse(BackendMode.CUDA);
        System.out.println("backend: " + choice.describe() + " — " + ((CudaKernels) choice.kernels()).describe());
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : args) request.selectors(DiscoverySelectors.selectClass(Class.forName(name)));
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(built, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 20);
        long[] memory = ((CudaKernels) choice.kernels()).memory();
        System.out.println("device memory: " + (memory[0] >> 20) + " MiB reserved, " + (memory[1] >> 20) + " MiB in use");
        boolean passed = summary.getTotalFailureCount() == 0 && summary.getTestsSkippedCount() == 0
                && summary.getTestsAbortedCount() == 0 && summary.getTestsSucceededCount() > 0;
        System.out.println((passed ? "EMULATED GPU: PASSED " : "EMULATED GPU: FAILED ") + summary.getTestsSucceededCount() + " of "
                + summary.getTestsFoundCount() + " tests (" + Arrays.toString(args) + ")");
        System.exit(passed ? 0 : 1);
    }
}
