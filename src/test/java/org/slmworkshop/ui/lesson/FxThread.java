package org.slmworkshop.ui.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.text.Text;
import org.testfx.util.WaitForAsyncUtils;

/** Runs test code on the JavaFX thread and walks scene graphs. */
final class FxThread {
    private FxThread() {}

    static <T> T call(Callable<T> body) {
        try {
            return WaitForAsyncUtils.asyncFx(body).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }

    /** Every node of type {@code type} under {@code root}, in scene-graph order. */
    static <T extends Node> List<T> all(Node root, Class<T> type) {
        List<T> found = new ArrayList<>();
        collect(root, type, found);
        return found;
    }

    private static <T extends Node> void collect(Node node, Class<T> type, List<T> found) {
        if (type.isInstance(node)) found.add(type.cast(node));
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) collect(child, type, found);
        }
    }

    /** The lesson text itself: the Text nodes the Markdown renderer made (not those inside controls). */
    static List<Text> lessonTexts(Node root) {
        return all(root, Text.class).stream().filter(t -> t.getStyleClass().contains("md-text")).toList();
    }

    static String joined(Node root) {
        StringBuilder s = new StringBuilder();
        for (Text t : lessonTexts(root)) s.append(t.getText());
        return s.toString();
    }
}
