package org.slmworkshop.cli;

import java.util.concurrent.Callable;
import org.slmworkshop.backend.BackendInfo;
import org.slmworkshop.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", description = "Show the ND4J backend and device the engine runs on.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--json")
    boolean json;

    @Override
    public Integer call() {
        BackendInfo info = BackendInfo.current();
        System.out.println(json ? Json.line(info) : info.describe());
        return 0;
    }
}
