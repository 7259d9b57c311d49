package org.slmworkshop.ui;

import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Gives a UI test class its own settings folder, so no test reads or writes the real ~/.slm-workshop. */
public final class IsolatedSettings implements BeforeAllCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        System.setProperty("slm.home", Files.createTempDirectory("slm-home").toString());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty("slm.home");
    }
}
