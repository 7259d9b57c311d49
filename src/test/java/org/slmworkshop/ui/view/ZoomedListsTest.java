package org.slmworkshop.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slmworkshop.ui.AppSettings;
import org.slmworkshop.ui.IsolatedSettings;
import org.slmworkshop.ui.Workspace;
import org.slmworkshop.ui.lab.Fx;
import org.slmworkshop.ui.lab.LabView;
import org.slmworkshop.ui.lab.corpus.CorpusLab;
import org.slmworkshop.ui.lab.lowrank.LowRankLab;
import org.slmworkshop.ui.lab.stepper.StepperLab;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Rows and fields sized in pixels stayed put under View ▸ Zoom while their text grew: at 200% the corpus lab's token
 * table, the ladder table and the stepper's stage list cut their text, and the labs' spinners hid their numbers. Their
 * sizes are in em now (style sheets, or {@link Ems} from code), so they double with the root font.
 */
@ExtendWith({IsolatedSettings.class, ApplicationExtension.class})
class ZoomedListsTest {
    private Workspace workspace;
    private List<LabView> labs;
    private Appearance appearance;
    private Scene scene;

    @Start
    void start(Stage stage) {
        workspace = new Workspace(AppSettings.DEFAULTS, Path.of("lessons"));
        labs = List.of(new CorpusLab(workspace), new LowRankLab(workspace), new StepperLab(workspace));
        TabPane tabs = new TabPane();
        for (LabView lab : labs) tabs.getTabs().add(new Tab(lab.getClass().getSimpleName(), lab.view()));
        scene = new Scene(tabs, 1360, 860);
        scene.getStylesheets().add(ZoomedListsTest.class.getResource("/css/workshop.css").toExternalForm());
        appearance = new Appearance(AppSettings.DEFAULTS, workspace::updateSettings, Theme.LIGHT);
        appearance.attach(scene);
        stage.setScene(scene);
        stage.sizeToScene();
        stage.show();
    }

    @AfterEach
    void dispose() {
        Fx.run(() -> {
            labs.forEach(LabView::dispose);
            workspace.shutdown();
        });
    }

    /** The row heights of the token table, the ladder table and the stage list, and some spinners' and lists' widths. */
    private double[] sizes() {
        return Fx.get(() -> {
            for (LabView lab : labs) lab.view().applyCss();
            return new double[] {
                ((TableView<?>) find("#top-tokens")).getFixedCellSize(),
                ((TableView<?>) find("#ladder-table")).getFixedCellSize(),
                ((ListView<?>) find("#stepper-stages")).getFixedCellSize(),
                ((Region) find("#rank")).getPrefWidth(),
                ((Region) find("#ladder-steps")).getPrefWidth(),
                ((Region) find("#stepper-position")).getPrefWidth(),   // set in code through Ems
                ((Region) find("#stepper-stages")).getPrefWidth()};
        });
    }

    private Node find(String selector) {
        for (LabView lab : labs) {
            Node node = lab.view().lookup(selector);
            if (node != null) return node;
        }
        throw new AssertionError(selector + " not found");
    }

    @Test
    void rows_and_spinners_measured_in_pixels_at_100_percent_double_at_200() {
        double[] hundred = sizes();
        assertEquals(20, hundred[0], 0.01, "the token table's 20 px rows");
        assertEquals(24, hundred[1], 0.01, "the ladder's 24 px rows");
        assertEquals(22, hundred[2], 0.01, "the stage list's 22 px entries");
        assertEquals(84, hundred[3], 0.01);
        assertEquals(92, hundred[4], 0.01);
        assertEquals(78, hundred[5], 0.01);
        assertEquals(180, hundred[6], 0.01);
        Fx.run(() -> appearance.zoomProperty().set(2));
        double[] twice = sizes();
        for (int i = 0; i < hundred.length; i++) assertEquals(2 * hundred[i], twice[i], 0.02, "size " + i);
        Fx.run(() -> appearance.zoomProperty().set(1));
    }
}
