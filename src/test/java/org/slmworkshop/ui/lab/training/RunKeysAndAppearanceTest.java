package org.slmworkshop.ui.lab.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.lesson.Lab;
import org.slmworkshop.lesson.LabSettings;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.IsolatedSettings;
import org.slmworkshop.ui.TrainingSession.State;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.Fx;
import org.slmworkshop.ui.view.Appearance;
import org.slmworkshop.ui.view.DarkPalette;
import org.slmworkshop.ui.view.Theme;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The training lab under View ▸ Zoom, the themes and presenter mode, and its run keys. */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class RunKeysAndAppearanceTest {
    private Workspace workspace;
    private TrainingLab lab;
    private Appearance appearance;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        lab = new TrainingLab(workspace);
        Scene scene = new Scene(new BorderPane(lab.view()), 1360, 860);
        scene.getStylesheets().add(RunKeysAndAppearanceTest.class.getResource("/css/workshop.css").toExternalForm());
        appearance = new Appearance(AppSettings.DEFAULTS, workspace::updateSettings, Theme.LIGHT);
        appearance.attach(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stopTraining() {
        Fx.run(() -> {
            lab.dispose();
            workspace.shutdown();
        });
    }

    private void applyLesson(Map<String, Object> hyperparameters) {
        Fx.run(() -> lab.apply(new LabSettings(Lab.TRAINING, "macbeth", "char", null, "bigram", hyperparameters, null, null,
                null, null, null, null, null)));
        Fx.waitUntil("V is known", 120, () -> lab.form().vocabProperty().get() > 0 && lab.form().planProperty().get() != null);
    }

    private double tickFontSize() {
        return Fx.get(() -> {
            lab.view().applyCss();
            return lab.chart().xAxis().getTickLabelStyle().getFont().getSize();
        });
    }

    @Test
    void zoom_200_percent_doubles_the_root_font_the_buttons_and_the_charts_tick_labels() {
        double tickAt100 = tickFontSize();
        double buttonAt100 = Fx.get(() -> lab.bar().start.getFont().getSize());
        assertEquals(11, tickAt100, 0.01, "0.846em of 13 px");
        assertEquals(13, buttonAt100, 0.01);
        Fx.run(() -> appearance.zoomProperty().set(2));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(26, Fx.get(appearance::rootFontPx), 1e-9);
        assertEquals(2 * tickAt100, tickFontSize(), 0.01);
        assertEquals(2 * buttonAt100, Fx.get(() -> lab.bar().start.getFont().getSize()), 0.01);
        assertEquals(2.0, AppSettings.load().zoom(), 1e-9, "remembered");
        Fx.run(() -> appearance.zoomProperty().set(1));
        assertEquals(tickAt100, tickFontSize(), 0.01, "and back");
    }

    /** Every label of the form at least as wide as its text needs (none cut to "Label smoo…"). */
    private boolean formLabelsFit() {
        return lab.form().view().lookupAll(".form-label").stream()
                .map(node -> (javafx.scene.control.Label) node)
                .allMatch(label -> label.getWidth() >= label.prefWidth(-1) - 0.5);
    }

    @Test
    void at_200_percent_the_form_keeps_its_width_and_a_narrow_tab_scrolls_instead_of_squeezing_the_chart() {
        Fx.run(() -> appearance.zoomProperty().set(2));
        Fx.waitUntil("the form at its zoomed width", 10, () -> {
            var form = lab.form().view();
            return form.getLayoutBounds().getWidth() >= form.prefWidth(-1) - 1;
        });
        // 20.154em at 26 px (the divider was a fixed 262 px, so the form sat at 17.3em and cut its labels short)
        assertEquals(20.154 * 26, Fx.get(() -> lab.form().view().getLayoutBounds().getWidth()), 2);
        assertTrue(Fx.get(this::formLabelsFit), "no form label cut short at 200%");
        var toggle = lab.bar().settingsToggle;
        assertFalse(Fx.get(toggle::isSelected), "settings shown in a wide tab");

        // a tab narrower than the form and the chart together (200% beside a lesson on a 1360-px screen)
        Fx.run(() -> lab.view().getScene().getWindow().setWidth(480));
        Fx.waitUntil("settings hidden to fit", 10, toggle::isSelected);
        var chart = lab.chart().lookup("#loss-chart");
        Region run = (Region) Fx.get(() -> lab.view().lookup(".training-run"));
        assertTrue(Fx.get(() -> run.getWidth() >= run.minWidth(-1) - 0.5), "the run column keeps its minimum width");
        assertTrue(Fx.get(() -> chart.getLayoutBounds().getHeight() >= 16.923 * 26 - 1), "the chart keeps 16.9em");
        javafx.scene.control.ScrollPane scroll = (javafx.scene.control.ScrollPane) lab.view();
        assertTrue(Fx.get(() -> scroll.getContent().getLayoutBounds().getHeight() > scroll.getViewportBounds().getHeight()),
                "what does not fit scrolls");

        Fx.run(() -> toggle.setSelected(false));   // the learner wants the settings anyway: they show at full width
        Fx.waitUntil("the form shown", 10, () -> lab.form().view().getScene() != null);
        assertTrue(Fx.get(this::formLabelsFit), "no form label cut short in a narrow tab either");
        Fx.run(() -> lab.view().getScene().getWindow().setWidth(1360));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Fx.get(toggle::isSelected), "the learner's choice stands when the tab widens");
    }

    @Test
    void the_dark_theme_recolours_the_charts_axes_from_the_palette() {
        Color light = Fx.get(() -> {
            lab.view().applyCss();
            return (Color) lab.chart().xAxis().getTickLabelStyle().getFill();
        });
        assertEquals(Color.web("#374151"), light, "-slm-text-soft");
        Fx.run(() -> appearance.themeProperty().set(Theme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        Color dark = Fx.get(() -> {
            lab.view().applyCss();
            return (Color) lab.chart().xAxis().getTickLabelStyle().getFill();
        });
        assertNotEquals(light, dark);
        Color expected = DarkPalette.invert(Color.web("#374151"));
        assertEquals(expected.getRed(), dark.getRed(), 1.5 / 255);
        assertEquals(expected.getGreen(), dark.getGreen(), 1.5 / 255);
        assertEquals(expected.getBlue(), dark.getBlue(), 1.5 / 255);
        assertTrue(DarkPalette.lightness(dark) > 70, "light text on the dark surface");
        assertTrue(Fx.get(() -> lab.view().getScene().getRoot().getStyleClass().contains(Appearance.DARK_STYLE_CLASS)));
        assertEquals("dark", AppSettings.load().theme(), "remembered");
    }

    @Test
    void presenter_mode_hides_the_settings_column_and_gives_it_back_as_it_was() {
        Button start = Fx.get(() -> lab.bar().start);
        assertFalse(Fx.get(() -> lab.bar().settingsToggle.isSelected()));
        Fx.run(() -> appearance.presentingProperty().set(true));
        assertTrue(Fx.get(() -> lab.bar().settingsToggle.isSelected()), "settings hidden");
        assertEquals(13 * 1.4, Fx.get(() -> {
            lab.view().applyCss();
            return start.getFont().getSize();
        }), 0.01, "larger text");
        Fx.run(() -> appearance.presentingProperty().set(false));
        assertFalse(Fx.get(() -> lab.bar().settingsToggle.isSelected()), "shown again");
        assertEquals(13, Fx.get(() -> {
            lab.view().applyCss();
            return start.getFont().getSize();
        }), 0.01);
    }

    @Test
    void ctrl_enter_starts_ctrl_p_pauses_and_resumes_and_ctrl_period_stops_the_run(FxRobot robot) {
        applyLesson(Map.of("steps", 1_000_000, "lr", 0.03));
        assertEquals("Start training (Ctrl+Enter)", Fx.get(() -> lab.bar().start.getTooltip().getText()));
        assertEquals("Pause the run (Ctrl+P)", Fx.get(() -> lab.bar().pause.getTooltip().getText()));
        assertTrue(Fx.get(() -> lab.bar().stop.getTooltip().getText()).endsWith("(Ctrl+.)"));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        Fx.waitUntil("the run trains", 120, () -> lab.chart().plottedTrainPoints() >= 5);
        robot.press(KeyCode.CONTROL, KeyCode.P).release(KeyCode.P, KeyCode.CONTROL);
        Fx.waitUntil("the run pauses", 60, () -> lab.session().state() == State.PAUSED);
        robot.press(KeyCode.CONTROL, KeyCode.P).release(KeyCode.P, KeyCode.CONTROL);
        Fx.waitUntil("it trains again", 60, () -> lab.session().state() == State.RUNNING);
        robot.press(KeyCode.CONTROL, KeyCode.PERIOD).release(KeyCode.PERIOD, KeyCode.CONTROL);
        Fx.waitUntil("the stopped run is evaluated", 120, () -> lab.session().state() == State.CANCELLED);
    }
}
