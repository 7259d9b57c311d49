package org.slmworkshop.ui.lab.corpus;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The ten most frequent tokens with their counts and a bar for their share of all tokens. A table,
 * not a chart: token strings like "␣the" or "<unk>" stay readable in a narrow column.
 */
final class TopTokensTable extends VBox {
    /** One row: the token's printable form, its count, and its share of all tokens. */
    record Row(String token, long count, double share, double ofLargest) {}

    private final TableView<Row> table = new TableView<>();

    TopTokensTable() {
        getStyleClass().add("top-tokens");
        setSpacing(4);
        Label title = new Label("Most frequent tokens");
        title.getStyleClass().add("section-caption");
        table.setId("top-tokens");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // its row height and its height (ten rows and the header) are set in corpus.css, in em: they grow with the zoom
        table.setPlaceholder(new Label("…"));

        TableColumn<Row, String> token = new TableColumn<>("token");
        token.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().token()));
        token.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                getStyleClass().remove("token-cell");
                if (!empty) getStyleClass().add("token-cell");
            }
        });
        token.setPrefWidth(70);
        TableColumn<Row, Row> count = new TableColumn<>("count");
        count.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        count.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(Row row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : Numbers.count(row.count()));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        count.setPrefWidth(70);
        TableColumn<Row, Row> share = new TableColumn<>("share");
        share.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        share.setCellFactory(column -> new ShareCell());
        share.setPrefWidth(100);
        table.getColumns().setAll(List.of(token, count, share));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(title, table);
    }

    void show(List<CorpusStatistics.TokenCount> top, long totalTokens) {
        long largest = top.isEmpty() ? 1 : Math.max(1, top.get(0).count());
        table.getItems().setAll(top.stream().map(t -> new Row(t.label(), t.count(),
                t.count() / (double) Math.max(1, totalTokens), t.count() / (double) largest)).toList());
    }

    /** A bar as long as the token's count relative to the most frequent one, with the percentage. */
    private static final class ShareCell extends TableCell<Row, Row> {
        private final Region bar = new Region();
        private final Label percent = new Label();
        private final HBox box;

        ShareCell() {
            bar.getStyleClass().add("share-bar");
            bar.setMaxHeight(10);
            bar.setMinWidth(0);
            bar.setMaxWidth(USE_PREF_SIZE);
            StackPane track = new StackPane(bar);
            track.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(track, Priority.ALWAYS);
            track.setMinWidth(20);
            percent.getStyleClass().add("share-percent");
            percent.setMinWidth(USE_PREF_SIZE);
            box = new HBox(6, track, percent);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            StackPane track = (StackPane) bar.getParent();
            bar.prefWidthProperty().bind(track.widthProperty().multiply(row.ofLargest()));
            percent.setText(String.format(Locale.ROOT, "%.1f%%", 100 * row.share()));
            setGraphic(box);
        }
    }
}
