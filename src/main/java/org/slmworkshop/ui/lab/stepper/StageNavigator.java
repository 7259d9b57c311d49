package org.slmworkshop.ui.lab.stepper;

import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.slmworkshop.ui.view.Ems;

/**
 * How the learner moves through the walk: Previous and Next with "Stage k of n", and the list of every stage to jump
 * from, beside the stage in a wide lab or folded into a drop-down in the navigation row in a narrow one. It reports
 * the stage asked for and shows the one the lab settles on. FX thread only.
 */
final class StageNavigator {
    private final ListView<Walk.Step> list = new ListView<>();
    private final ComboBox<Walk.Step> jump = new ComboBox<>();
    private final Button previous = new Button("◀ Previous");
    private final Button next = new Button("Next ▶");
    private final Label counter = new Label();
    private final HBox bar = new HBox(10, previous, counter, next, jump);
    private final IntConsumer onGo;
    private List<String> listed = List.of();
    private int current;
    private int size;
    private boolean updating;

    /** @param onGo asked for a stage by its index in the walk (possibly out of range: the lab clamps it) */
    StageNavigator(IntConsumer onGo) {
        this.onGo = onGo;
        list.setId("stepper-stages");
        list.setCellFactory(view -> new StepCell());
        // every entry has one exact height (stepper.css, in em), so scrolling to a stage lands on it
        Ems.prefWidth(list, 180);
        list.setMinWidth(Region.USE_PREF_SIZE);   // the stage view gives way, not the names
        list.getSelectionModel().selectedIndexProperty().addListener((obs, old, index) -> ask(index.intValue()));
        jump.setId("stepper-jump");
        jump.setCellFactory(view -> new StepCell());
        jump.setButtonCell(new StepCell());
        jump.setVisibleRowCount(20);
        jump.setMinWidth(Region.USE_PREF_SIZE);
        jump.setTooltip(new Tooltip("Jump to a stage"));
        jump.getSelectionModel().selectedIndexProperty().addListener((obs, old, index) -> ask(index.intValue()));
        previous.setId("stepper-previous");
        next.setId("stepper-next");
        previous.setOnAction(e -> onGo.accept(current - 1));
        next.setOnAction(e -> onGo.accept(current + 1));
        counter.setId("stepper-counter");
        counter.getStyleClass().add("stage-counter");
        counter.setMinWidth(Region.USE_PREF_SIZE);
        bar.setAlignment(Pos.CENTER_LEFT);
        fold(false);
        show(null, 0);
    }

    /** The list of every stage, for beside the stage view. */
    ListView<Walk.Step> list() {
        return list;
    }

    /** Previous, the counter, Next, and the drop-down when folded. */
    HBox bar() {
        return bar;
    }

    /** Shows stage {@code step} of {@code walk} as the current one; a null walk disables everything. */
    void show(Walk walk, int step) {
        updating = true;
        boolean moved = step != current;
        current = step;
        size = walk == null ? 0 : walk.size();
        List<String> labels = walk == null ? List.of() : walk.steps().stream().map(s -> s.stage().label()).toList();
        if (!labels.equals(listed)) {   // a live model gives a new walk twice a second: the list stays where it is
            listed = labels;
            list.getItems().setAll(walk == null ? List.of() : walk.steps());
            jump.getItems().setAll(list.getItems());
            moved = true;
        }
        if (size > 0) {
            list.getSelectionModel().select(step);
            jump.getSelectionModel().select(step);
            if (moved) reveal(step);
            counter.setText(String.format(Locale.ROOT, "Stage %d of %d", step + 1, size));
        }
        previous.setDisable(size == 0 || step <= 0);
        next.setDisable(size == 0 || step >= size - 1);
        updating = false;
    }

    /** The list beside the stage, or, in a narrow lab, the drop-down in the navigation row. */
    void fold(boolean narrow) {
        list.setVisible(!narrow);
        list.setManaged(!narrow);
        jump.setVisible(narrow);
        jump.setManaged(narrow);
    }

    private void ask(int index) {
        if (!updating && index >= 0 && index != current) onGo.accept(index);
    }

    /** Scrolls the list just enough to show entry {@code index}, after the pending layout pass. */
    private void reveal(int index) {
        Platform.runLater(() -> {
            if (list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow && index < list.getItems().size()) {
                flow.scrollTo(index);
            }
        });
    }

    /** A list entry, indented inside its block. */
    private static final class StepCell extends ListCell<Walk.Step> {
        @Override
        protected void updateItem(Walk.Step item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().remove("in-block");
            if (empty || item == null) {
                setText(null);
                return;
            }
            setText(item.listLabel());
            if (item.stage().block() >= 0) getStyleClass().add("in-block");
        }
    }
}
