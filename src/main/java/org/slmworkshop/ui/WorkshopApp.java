package org.slmworkshop.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** Placeholder so the packaging branch compiles; the real desktop app replaces this file on merge. */
public final class WorkshopApp extends Application {

    public static void main(String[] args) {
        launch(WorkshopApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("SLM Workshop");
        stage.setScene(new Scene(new Label("SLM Workshop (placeholder window)"), 480, 200));
        stage.show();
    }
}
