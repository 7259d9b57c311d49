package org.slmworkshop.ui.lesson;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javafx.application.HostServices;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.slmworkshop.lesson.Lesson;
import org.slmworkshop.lesson.Problem;

/**
 * The narrative side of a lesson pane: the title, the Markdown text and the exercises in one
 * scrolling column of readable width. {@link #reload} swaps in an edited version of the same lesson
 * without losing the reader's place, and {@link #showProblems} reports a broken edit above the last
 * version that loaded.
 */
public class LessonText extends BorderPane {
    /** Set below {@link #NARROW_WIDTH}: lesson.css then uses smaller page margins. */
    private static final PseudoClass NARROW = PseudoClass.getPseudoClass("narrow");
    private static final double NARROW_WIDTH = 640;
    private static final Pattern FIRST_HEADING = Pattern.compile("\\A\\s*#[ \\t]+(.+?)[ \\t#]*(\\R|\\z)");

    private final Label problemDetails = new Label();
    private final VBox problems;
    private final Label title = new Label();
    private final MarkdownView markdown;
    private final ExercisesView exercises;
    private final ScrollPane scroll;
    private Lesson lesson;

    public LessonText() {
        this(null);
    }

    /** {@code hostServices} opens links in the browser; null ignores link clicks. */
    public LessonText(HostServices hostServices) {
        getStyleClass().add("lesson-text");
        MarkdownView.addStylesheet(this);
        markdown = new MarkdownView(hostServices);
        exercises = new ExercisesView(hostServices);
        title.getStyleClass().add("lesson-title");
        title.setWrapText(true);
        title.setMinHeight(Label.USE_PREF_SIZE);
        VBox column = new VBox(title, markdown, exercises);
        column.getStyleClass().add("lesson-column");
        column.setFillWidth(true);
        column.setMinWidth(0);
        StackPane centre = new StackPane(column);
        centre.setAlignment(Pos.TOP_CENTER);
        centre.getStyleClass().add("lesson-page");
        centre.setMinWidth(0);
        scroll = new ScrollPane(centre);
        scroll.getStyleClass().add("lesson-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        // the page itself takes focus first (arrow keys and Page Down scroll it); otherwise the
        // first exercise control would, and the pane would jump down to show it
        scroll.setFocusTraversable(true);
        Label headline = new Label("This lesson has errors; showing the last version that loaded.");
        headline.getStyleClass().add("lesson-problems-headline");
        headline.setWrapText(true);
        problemDetails.getStyleClass().add("lesson-problems-details");
        problemDetails.setWrapText(true);
        problemDetails.setMinHeight(Label.USE_PREF_SIZE);
        problems = new VBox(headline, problemDetails);
        problems.getStyleClass().add("lesson-problems");
        problems.setVisible(false);
        problems.setManaged(false);
        widthProperty().addListener((obs, old, width) -> pseudoClassStateChanged(NARROW, width.doubleValue() < NARROW_WIDTH));
        setTop(problems);
        setCenter(scroll);
    }

    /** Shows a lesson from the top. */
    public void show(Lesson lesson) {
        render(lesson);
        scroll.setVvalue(0);
    }

    /** Shows an edited version of the current lesson, keeping the scroll position. */
    public void reload(Lesson lesson) {
        double offset = scrollOffset();
        render(lesson);
        restoreScrollOffset(offset);
    }

    /**
     * Reports that the lesson file has problems (file:line: message); the last good version stays
     * on screen until a {@link #show} or {@link #reload} clears the report.
     */
    public void showProblems(List<Problem> found) {
        problemDetails.setText(found.stream().map(p -> p.file().getFileName() + ":" + p.line() + ": " + p.message())
                .collect(Collectors.joining("\n")));
        problems.setVisible(true);
        problems.setManaged(true);
    }

    /** The lesson shown, or null. */
    public Lesson lesson() {
        return lesson;
    }

    public MarkdownView markdownView() {
        return markdown;
    }

    public ExercisesView exercisesView() {
        return exercises;
    }

    public ScrollPane scrollPane() {
        return scroll;
    }

    /** The problems report, hidden when there is none. */
    public VBox problemsView() {
        return problems;
    }

    /** The problems reported (file:line: message, one a line), or "" when the lesson loaded. */
    public String problemsText() {
        return problems.isVisible() ? problemDetails.getText() : "";
    }

    private void render(Lesson lesson) {
        this.lesson = lesson;
        problems.setVisible(false);
        problems.setManaged(false);
        title.setText(lesson.title());
        markdown.setMarkdown(withoutRepeatedTitle(lesson.body(), lesson.title()), lesson.file().toAbsolutePath().getParent());
        exercises.setExercises(lesson.id(), lesson.exercises());
    }

    /** Lessons usually open with "# Title"; the title is already shown above the text. */
    static String withoutRepeatedTitle(String body, String title) {
        Matcher m = FIRST_HEADING.matcher(body);
        if (m.find() && normalise(m.group(1)).equals(normalise(title))) return body.substring(m.end());
        return body;
    }

    private static String normalise(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private double scrollOffset() {
        double hidden = contentHeight() - viewportHeight();
        return hidden > 0 ? scroll.getVvalue() * hidden : 0;
    }

    private void restoreScrollOffset(double offset) {
        if (getScene() != null) {
            scroll.applyCss();
            scroll.layout();
        }
        double hidden = contentHeight() - viewportHeight();
        scroll.setVvalue(hidden > 0 ? Math.min(1, offset / hidden) : 0);
    }

    private double contentHeight() {
        return scroll.getContent().getLayoutBounds().getHeight();
    }

    private double viewportHeight() {
        return scroll.getViewportBounds().getHeight();
    }
}
