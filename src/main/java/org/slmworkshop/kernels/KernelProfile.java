package org.slmworkshop.kernels;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a step's time goes, kernel by kernel: a {@link Kernels} that forwards every call to another and adds up
 * the wall time of each method (a CPU kernel finishes before it returns; for the GPU pass {@code -Dslm.cuda.sync}).
 * The CLI wraps its backend in one when run with {@code -Dslm.profile=kernels} and prints the table when it ends;
 * {@code bench/step-profile} does that for nanoGPT's configuration.
 */
public final class KernelProfile implements InvocationHandler {
    /** The system property that switches profiling on: {@code -Dslm.profile=kernels}. */
    public static final String PROPERTY = "slm.profile";

    private record Totals(LongAdder calls, LongAdder nanos) {}

    private final Kernels inner;
    private final Map<String, Totals> totals = new ConcurrentHashMap<>();
    private volatile boolean recording = true;
    private final boolean shapes = "shapes".equalsIgnoreCase(System.getProperty(PROPERTY, ""));

    private KernelProfile(Kernels inner) {
        this.inner = inner;
    }

    /** Whether {@code -Dslm.profile=kernels} (or {@code =shapes}, which splits products by shape) was given. */
    public static boolean requested() {
        String value = System.getProperty(PROPERTY, "");
        return "kernels".equalsIgnoreCase(value) || "shapes".equalsIgnoreCase(value);
    }

    /** A product's row names its operands' shapes and transposes: "matmul (768, 128)ᵀ·(128, 384)". */
    private static String key(String kernel, Object[] args) {
        if (!kernel.equals("matmul") && !kernel.equals("batchedMatmul")) return kernel;
        String key = kernel + " " + java.util.Arrays.toString(((Tensor) args[0]).shape()) + ((boolean) args[1] ? "ᵀ" : "")
                + "·" + java.util.Arrays.toString(((Tensor) args[2]).shape()) + ((boolean) args[3] ? "ᵀ" : "");
        return args.length > 5 && (float) args[5] != 0 ? key + " +=" : key;
    }

    /** {@code kernels} with every call timed; {@link #of} finds the profile again. */
    public static Kernels wrap(Kernels kernels) {
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                new KernelProfile(kernels));
    }

    /** The profile behind a wrapped backend, or null for a plain one. */
    public static KernelProfile of(Kernels kernels) {
        return Proxy.isProxyClass(kernels.getClass()) && Proxy.getInvocationHandler(kernels) instanceof KernelProfile p
                ? p : null;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        long start = System.nanoTime();
        try {
            return method.invoke(inner, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (recording) record(shapes ? key(method.getName(), args) : method.getName(), System.nanoTime() - start);
        }
    }

    private void record(String kernel, long took) {
        Totals t = totals.computeIfAbsent(kernel, name -> new Totals(new LongAdder(), new LongAdder()));
        t.calls.increment();
        t.nanos.add(took);
    }

    /** Clears the totals and records again (after warm-up steps, say). */
    public void reset() {
        totals.clear();
        recording = true;
    }

    /** Stops adding to the totals (before an evaluation pass that should not count). */
    public void stop() {
        recording = false;
    }

    /** The table: per kernel, calls and milliseconds per step over {@code steps} steps, largest first. */
    public void print(PrintStream out, int steps) {
        List<Map.Entry<String, Totals>> rows = new ArrayList<>(new TreeMap<>(totals).entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue().nanos.sum(), a.getValue().nanos.sum()));
        double all = rows.stream().mapToLong(e -> e.getValue().nanos.sum()).sum() / 1e6 / Math.max(1, steps);
        out.printf("%-44s %10s %12s %7s%n", "kernel (" + inner.name() + ")", "calls/step", "ms/step", "share");
        for (Map.Entry<String, Totals> e : rows) {
            double ms = e.getValue().nanos.sum() / 1e6 / Math.max(1, steps);
            out.printf("%-44s %10.1f %12.3f %6.1f%%%n", e.getKey(), e.getValue().calls.sum() / (double) Math.max(1, steps),
                    ms, all > 0 ? 100 * ms / all : 0);
        }
        out.printf("%-44s %10s %12.3f%n", "all kernels", "", all);
    }
}
