package org.slmworkshop.ui.lab.heatmap;

import org.slmworkshop.ui.lab.Fx;
import org.slmworkshop.ui.lab.TokenText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleGridDataSet;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class HeatmapTest {
    private Heatmap heatmap;

    @Start
    void start(Stage stage) {
        heatmap = new Heatmap("previous token", "next token");
        StackPane root = new StackPane(heatmap);
        root.getStylesheets().add(HeatmapTest.class.getResource("/css/heatmap.css").toExternalForm());
        stage.setScene(new Scene(root, 520, 520));
        stage.sizeToScene();   // TestFX reuses one stage: an earlier test may have left it larger
        stage.show();
    }

    private static HeatmapData grid(List<String> rows, List<String> columns) {
        double[][] values = new double[rows.size()][columns.size()];
        for (int r = 0; r < rows.size(); r++) for (int c = 0; c < columns.size(); c++) values[r][c] = r * 100 + c;
        return new HeatmapData(rows, columns, values, false);
    }

    @Test
    void legend_ticks_read_zero_for_arithmetic_dust_and_keep_three_digits() {
        assertEquals("0", Heatmap.legendTick(-3e-20, 5.5e-4));
        assertEquals("0.0005", Heatmap.legendTick(5e-4, 5.5e-4));
        assertEquals("5e-8", Heatmap.legendTick(5e-8, 5.5e-8));
        assertEquals("-0.0247", Heatmap.legendTick(-0.02469, 0.025));
        assertEquals("0.85", Heatmap.legendTick(0.85, 0.85));
        assertEquals("0.1", Heatmap.legendTick(0.1000000001, 1));
    }

    @Test
    void whitespace_tokens_are_labelled_visibly() {
        assertEquals("␣↵⇥a", TokenText.printable(" \n\ta"));
        assertEquals("U+0007", TokenText.printable("\u0007"));
    }

    @Test
    void an_update_refills_the_same_grid_with_each_cell_where_its_row_and_column_say() {
        DoubleGridDataSet before = Fx.get(heatmap::grid);
        HeatmapData small = grid(List.of("a", "b"), List.of("x", "y", "z"));
        HeatmapData large = grid(List.of("a", "b", "c", "d"), List.of("w", "x", "y", "z", "v"));
        for (HeatmapData data : List.of(small, large)) {
            Fx.run(() -> heatmap.show(data, ColourScale.sequential(data.max(), "value")));
            Fx.waitUntil("the grid written", 5, () -> heatmap.grid().getShape(DataSet.DIM_X) == data.columns());
            DoubleGridDataSet after = Fx.get(heatmap::grid);
            assertSame(before, after, "the data set is refilled, not replaced");
            for (int row = 0; row < data.rows(); row++) {
                for (int column = 0; column < data.columns(); column++) {
                    // grid y counts up from the bottom, rows count down from the top
                    int y = data.rows() - 1 - row;
                    // read as the renderer reads: get(z, x index, y index)
                    assertEquals(data.value(row, column), after.get(DataSet.DIM_Z, column, y), 1e-12,
                            "cell (" + row + ", " + column + ")");
                }
            }
            assertEquals(data.value(1, 2), Fx.get(() -> heatmap.cellAt(1, 2)).value());
        }
    }

    @Test
    void pointing_the_mouse_at_a_cell_reads_out_its_token_pair_and_value(FxRobot robot) {
        HeatmapData data = grid(List.of("␣", "t", "h"), List.of("e", "q", "u", "↵"));
        Fx.run(() -> {
            heatmap.setDescriber(cell -> "p(next = '" + cell.rowLabel() + "' | previous = '" + cell.columnLabel() + "') = "
                    + TransitionLab.probability(cell.value() / 1000));
            heatmap.show(data, ColourScale.sequential(data.max(), "value"));
        });
        WaitForAsyncUtils.waitForFxEvents();
        Fx.waitUntil("the plot laid out", 5, () -> heatmap.chart().getCanvas().getWidth() > 50);
        Bounds plot = Fx.get(() -> heatmap.chart().getCanvas().localToScreen(heatmap.chart().getCanvas().getLayoutBounds()));
        int row = 2;
        int column = 1;
        robot.moveTo(new Point2D(plot.getMinX() + (column + 0.5) * plot.getWidth() / data.columns(),
                plot.getMinY() + (row + 0.5) * plot.getHeight() / data.rows()));
        WaitForAsyncUtils.waitForFxEvents();
        Heatmap.Cell hovered = Fx.get(() -> heatmap.hoveredProperty().get());
        assertEquals("h", hovered.rowLabel());
        assertEquals("q", hovered.columnLabel());
        assertEquals(201, hovered.value());
        assertEquals("p(next = 'h' | previous = 'q') = 0.201", Fx.get(() -> heatmap.readout().getText()));

        robot.moveTo(new Point2D(plot.getMaxX() + 200, plot.getMaxY() + 200));
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(Fx.get(() -> heatmap.hoveredProperty().get()), "leaving the cells clears the read-out");
    }

    @Test
    void cells_stay_square_and_a_crowded_axis_labels_every_kth_token() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 80; i++) many.add(String.valueOf((char) ('!' + i)));
        HeatmapData wide = grid(many.subList(0, 40), many);
        Fx.run(() -> heatmap.show(wide, ColourScale.sequential(wide.max(), "value")));
        Fx.waitUntil("square cells", 5, () -> {
            double cellWidth = heatmap.chart().getCanvas().getWidth() / wide.columns();
            double cellHeight = heatmap.chart().getCanvas().getHeight() / wide.rows();
            return Math.abs(cellWidth - cellHeight) < 0.5;
        });
        int stride = Fx.get(heatmap::columnLabelStride);
        double cell = Fx.get(() -> heatmap.chart().getCanvas().getWidth() / wide.columns());
        assertTrue(stride > 1, "80 labels in " + cell * 80 + " px are thinned");
        assertTrue(stride * cell >= 8, "labels kept at least a glyph apart: every " + stride + " × " + cell + " px");
    }

    @Test
    void every_token_is_labelled_smaller_rather_than_every_second_and_hovering_an_axis_names_its_token(FxRobot robot) {
        List<String> prompt = new ArrayList<>();
        for (char c : "It was a dark night, and the old man".toCharArray()) prompt.add(TokenText.printable(String.valueOf(c)));
        assertEquals(36, prompt.size());
        for (int n : new int[] {12, 36}) {
            HeatmapData data = grid(prompt.subList(0, n), prompt.subList(0, n));
            Fx.run(() -> heatmap.show(data, ColourScale.sequential(data.max(), "value")));
            Fx.waitUntil("laid out for " + n, 5, () -> heatmap.rowAxis().tokens().size() == n && heatmap.chart().getCanvas().getHeight() > 50);
            WaitForAsyncUtils.waitForFxEvents();
            double cell = Fx.get(() -> heatmap.chart().getCanvas().getHeight() / n);
            double size = Fx.get(() -> heatmap.rowAxis().fontSize());
            assertEquals(1, (int) Fx.get(heatmap::rowLabelStride), n + " rows in " + cell * n + " px: every row labelled");
            assertEquals(1, (int) Fx.get(heatmap::columnLabelStride), n + " columns: every column labelled");
            if (n == 12) {
                assertEquals(12, size, 1e-9, "room enough: the style sheet's 12 px");
            } else {
                assertTrue(size < 12 && size >= TokenAxis.MIN_FONT_SIZE, "set smaller: " + size + " px in " + cell + " px cells");
                assertTrue(size + 0.5 <= cell + 1e-9, "a " + size + " px label and its half-pixel gap fit a " + cell + " px row");
                assertEquals(Math.floor((cell - 0.5) * 2) / 2, size, 1e-9, "the largest half-pixel size that fits");
            }
        }
        Bounds plot = Fx.get(() -> heatmap.chart().getCanvas().localToScreen(heatmap.chart().getCanvas().getLayoutBounds()));
        Bounds axis = Fx.get(() -> heatmap.rowAxis().localToScreen(heatmap.rowAxis().getLayoutBounds()));
        int row = 9;   // 'd' of "dark"
        robot.moveTo(new Point2D(axis.getMinX() + axis.getWidth() * 0.7, plot.getMinY() + (row + 0.5) * plot.getHeight() / 36));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("row 9 of 36: 'd'", Fx.get(() -> heatmap.rowAxis().hoverTip().getText()));
        assertEquals("column 4 of 36: 'a'", Fx.get(() -> heatmap.columnAxis().describe(4)));
    }
}
