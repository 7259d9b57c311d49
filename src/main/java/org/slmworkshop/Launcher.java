package org.slmworkshop;
import org.slmworkshop.cli.Main;
import org.slmworkshop.ui.WorkshopApp;
/** One entry point for the jar and the runtime image: no arguments open the desktop app, anything else is a command-line command. */
public final class Launcher {
    private Launcher() {}
    public static void main(String[] args) {
        if (args.length == 0 || (args.length == 1 && args[0].equals("app"))) WorkshopApp.main(new String[0]);
        else Main.main(args);
    }
}
