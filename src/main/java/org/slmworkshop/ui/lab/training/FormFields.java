package org.slmworkshop.ui.lab.training;

import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The few kinds of input the hyperparameter form is made of, each committing its value as the learner types. */
final class FormFields {
    static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private FormFields() {}

    /** A label and its control on one line; hide the row to hide both. */
    static HBox row(String label, String help, Node control) {
        Label name = new Label(label);
        name.getStyleClass().add("form-label");
        if (help != null) name.setTooltip(new Tooltip(help));
        HBox row = new HBox(8, name, control);
        row.getStyleClass().add("form-row");
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(control, Priority.ALWAYS);
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    /** An editable whole-number spinner whose value follows the text as it is typed. */
    static Spinner<Integer> integer(String id, int min, int max, int initial, int step) {
        Spinner<Integer> spinner = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, initial, step));
        spinner.setId(id);
        spinner.setEditable(true);
        spinner.setMaxWidth(Double.MAX_VALUE);
        spinner.getEditor().textProperty().addListener((obs, old, text) -> {
            Integer parsed = parseInteger(text);
            boolean ok = parsed != null && parsed >= min && parsed <= max;
            spinner.pseudoClassStateChanged(INVALID, !ok && !text.isBlank());
            if (ok && !parsed.equals(spinner.getValue())) spinner.getValueFactory().setValue(parsed);
        });
        // leaving the field with nonsense in it shows the last good value again
        spinner.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                spinner.getEditor().setText(String.valueOf(spinner.getValue()));
                spinner.pseudoClassStateChanged(INVALID, false);
            }
        });
        return spinner;
    }

    private static Integer parseInteger(String text) {
        try {
            return Integer.valueOf(text.trim().replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A text field for a real number (1e-3 and 0.001 both work). Its value is null while the text is
     * not a number, or when the field is left blank and {@code blankAllowed} (meaning "the default").
     */
    static final class NumberField extends TextField {
        private final ObjectProperty<Double> value = new SimpleObjectProperty<>(this, "value");
        private final boolean blankAllowed;

        NumberField(String id, boolean blankAllowed) {
            this.blankAllowed = blankAllowed;
            setId(id);
            setPrefColumnCount(8);
            getStyleClass().add("number-field");
            textProperty().addListener((obs, old, text) -> parse(text));
        }

        private void parse(String text) {
            String trimmed = text == null ? "" : text.trim();
            Double parsed = null;
            if (!trimmed.isEmpty()) {
                try {
                    parsed = Double.valueOf(trimmed.replace(",", "."));
                } catch (NumberFormatException e) {
                    parsed = null;
                }
            }
            boolean ok = parsed != null ? Double.isFinite(parsed) : trimmed.isEmpty() && blankAllowed;
            pseudoClassStateChanged(INVALID, !ok);
            value.set(ok ? parsed : null);
        }

        ObjectProperty<Double> valueProperty() {
            return value;
        }

        Double value() {
            return value.get();
        }

        /** True when the text is a number, or blank where blank means the default. */
        boolean isValid() {
            return !getPseudoClassStates().contains(INVALID);
        }

        void show(Double number) {
            setText(number == null ? "" : format(number));
        }

        /** 0.001 rather than 1.0E-3; exact enough to read back the same double. */
        static String format(double number) {
            if (number == 0) return "0";
            String plain = String.format(Locale.ROOT, "%.6g", number);
            if (plain.contains("e")) return plain.replaceAll("\\.?0+e", "e");
            return plain.contains(".") ? plain.replaceAll("0+$", "").replaceAll("\\.$", "") : plain;
        }
    }
}
