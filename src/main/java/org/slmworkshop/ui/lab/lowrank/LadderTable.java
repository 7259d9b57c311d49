package org.slmworkshop.ui.lab.lowrank;

import java.util.List;
import java.util.Map;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/** Model, parameters (and their share of the full bigram's V²), validation loss and how it was measured. */
final class LadderTable extends TableView<Rung> {
    private long bigramParameters = 1;

    LadderTable() {
        setId("ladder-table");
        getStyleClass().add("ladder-table");
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setPlaceholder(new Label("Preparing the corpus…"));
        // the row height is set in lowrank.css, in em, so that it grows with the zoom

        TableColumn<Rung, String> model = new TableColumn<>("Model");
        model.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().model()));
        model.setPrefWidth(110);

        TableColumn<Rung, Rung> parameters = column("Parameters", 86,
                rung -> String.format(Locale.ROOT, "%,d", rung.parameters()));
        TableColumn<Rung, Rung> share = column("× V²", 48, rung -> rung.parameters() == 0 ? "0"
                : String.format(Locale.ROOT, rung.parameters() < bigramParameters / 100 ? "%.3f" : "%.2f",
                        rung.parameters() / (double) bigramParameters));
        share.setId("share-column");
        TableColumn<Rung, Rung> loss = column("Val. loss", 64,
                rung -> rung.hasLoss() ? String.format(Locale.ROOT, "%.3f", rung.loss()) : "–");

        TableColumn<Rung, String> note = new TableColumn<>("Measured");
        note.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().note()));
        note.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null ? null : new Tooltip(text));
            }
        });
        note.setPrefWidth(260);
        getColumns().setAll(List.of(model, parameters, share, loss, note));
        // the columns' widths are set for 100%: they grow with the row height, which follows the zoom (lowrank.css)
        Map<TableColumn<Rung, ?>, double[]> atHundred = new java.util.LinkedHashMap<>();
        for (TableColumn<Rung, ?> column : getColumns()) {
            atHundred.put(column, new double[] {column.getPrefWidth(), column.getMinWidth()});
        }
        fixedCellSizeProperty().addListener((obs, old, height) -> {
            if (height.doubleValue() <= 0) return;
            double scale = height.doubleValue() / ROW_HEIGHT_AT_HUNDRED;
            atHundred.forEach((column, widths) -> {
                column.setPrefWidth(widths[0] * scale);
                column.setMinWidth(widths[1] * scale);
            });
        });
    }

    /** The rows' height at 100%, in px (lowrank.css gives 1.846em of 13 px). */
    static final double ROW_HEIGHT_AT_HUNDRED = 24;

    private TableColumn<Rung, Rung> column(String title, double width, java.util.function.Function<Rung, String> text) {
        TableColumn<Rung, Rung> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Rung rung, boolean empty) {
                super.updateItem(rung, empty);
                setText(empty || rung == null ? null : text.apply(rung));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        column.setPrefWidth(width);
        column.setMinWidth(width * 0.8);
        return column;
    }

    void show(List<Rung> rungs, int vocabSize) {
        bigramParameters = Math.max(1, (long) vocabSize * vocabSize);
        getItems().setAll(rungs);
        refresh();
    }
}
