package org.slmworkshop.ui;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.slmworkshop.util.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every message the engine has for the learner ends here: a ControlsFX notification in the
 * window's corner, never a stack trace. The last message stays readable for the status bar and tests.
 */
public final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private final ReadOnlyStringWrapper lastMessage = new ReadOnlyStringWrapper(this, "lastMessage", "");
    private final java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Window owner;

    public void setOwner(Window owner) {
        this.owner = owner;
    }

    public ReadOnlyStringProperty lastMessageProperty() {
        return lastMessage.getReadOnlyProperty();
    }

    public void error(String title, Throwable error) {
        LOG.warn("{}", title, error);
        error(title, Messages.describe(error));
    }

    public void error(String title, String message) {
        errors.add(title + ": " + message);
        show(title, message, true);
    }

    /** Every error shown so far, oldest first (for the status line's history and for tests). */
    public java.util.List<String> errors() {
        return java.util.List.copyOf(errors);
    }

    public void info(String title, String message) {
        show(title, message, false);
    }

    private void show(String title, String message, boolean isError) {
        runOnFx(() -> {
            lastMessage.set(title + ": " + message);
            if (owner == null || !owner.isShowing()) return;
            Notifications notification = Notifications.create().owner(owner).title(title).text(message)
                    .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(isError ? 12 : 5));
            if (isError) notification.showError();
            else notification.showInformation();
        });
    }

    static void runOnFx(Runnable action) {
        if (Platform.isFxApplicationThread()) action.run();
        else Platform.runLater(action);
    }
}
