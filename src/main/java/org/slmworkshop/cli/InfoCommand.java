package org.slmworkshop.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slmworkshop.backend.BackendInfo;
import org.slmworkshop.backend.BackendSelection;
import org.slmworkshop.backend.GpuDevice;
import org.slmworkshop.backend.NativeCache;
import org.slmworkshop.backend.Nd4jBackendGate;
import org.slmworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", description = "Show the ND4J backend, why it was chosen, and the GPU if there is one.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        // decided and applied before ND4J loads: afterwards its backend is fixed
        BackendSelection selection = BackendSelection.current();
        Nd4jBackendGate.apply(selection);
        NativeCache cache = NativeCache.inspect(selection.chosen());
        cache.notice().ifPresent(System.err::println);
        BackendInfo info = BackendInfo.current();
        if (json) {
            System.out.println(Json.line(report(info, selection, cache)));
            return 0;
        }
        System.out.println("backend:   " + info.describe());
        System.out.println("selection: " + selection.describe());
        System.out.println("gpu:       " + selection.device().map(GpuDevice::describe).orElse("none"));
        for (GpuDevice other : selection.gpus().subList(Math.min(1, selection.gpus().size()), selection.gpus().size())) {
            System.out.println("           " + other.describe());
        }
        System.out.println("natives:   " + cache.directory());
        return 0;
    }

    private static Map<String, Object> report(BackendInfo info, BackendSelection selection, NativeCache cache) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("backend", info);
        report.put("requested", selection.requested().name().toLowerCase());
        report.put("chosen", selection.chosen().name().toLowerCase());
        report.put("reason", selection.reason());
        report.put("gpus", selection.gpus().stream().map(gpu -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", gpu.name());
            row.put("computeCapability", gpu.capability().map(Object::toString).orElse(null));
            row.put("memoryMiB", gpu.memoryMiB());
            return row;
        }).toList());
        report.put("nativeCache", cache.directory().toString());
        return report;
    }
}
