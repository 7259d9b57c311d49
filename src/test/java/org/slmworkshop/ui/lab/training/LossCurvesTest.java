package org.slmworkshop.ui.lab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slmworkshop.train.LossPoint;
import org.slmworkshop.train.TrainingEvent;
import org.slmworkshop.ui.lab.training.LossCurves.XAxis;

class LossCurvesTest {
    private static TrainingEvent.Step step(int step, double loss) {
        return new TrainingEvent.Step(step, step * 768L, loss, 1e-3, 1.0, 1000, step);
    }

    @Test
    void the_smoothed_curve_starts_at_the_first_loss_and_follows_a_constant_exactly() {
        LossCurves curves = new LossCurves();
        curves.accept(List.of(new TrainingEvent.Started(0, 1000, "gpt", 10, 79, 768), step(1, 4.0), step(2, 4.0), step(3, 4.0)));
        assertEquals(0.9, curves.smoothing(), 1e-12, "1% of 1000 steps is a memory of 10 steps");
        assertArrayEquals(new double[] {4.0, 4.0, 4.0}, curves.smoothed().values(0), 1e-12);
    }

    @Test
    void the_smoothed_value_is_the_bias_corrected_moving_average() {
        LossCurves curves = new LossCurves();
        curves.accept(List.of(new TrainingEvent.Started(0, 200, "bigram", 10, 79, 768), step(1, 4.0), step(2, 2.0)));
        double w = 0.5;   // 1% of 200 steps is 2 steps: weight 1 - 1/2
        double expected = (w * (1 - w) * 4.0 + (1 - w) * 2.0) / (1 - w * w);
        assertEquals(expected, curves.smoothed().value(1), 1e-12);
    }

    @Test
    void the_x_axis_reads_steps_or_tokens_seen() {
        LossCurves curves = new LossCurves();
        curves.accept(List.of(step(1, 4.0), step(2, 3.9),
                new TrainingEvent.Evaluated(2, 1536, 3.8, 3.85, Math.exp(3.85))));
        assertArrayEquals(new double[] {1, 2}, curves.trainSteps().x(XAxis.STEPS, 0));
        assertArrayEquals(new double[] {768, 1536}, curves.trainSteps().x(XAxis.TOKENS, 0));
        assertArrayEquals(new double[] {3.85}, curves.validation().values(0));
        assertArrayEquals(new double[] {3.8}, curves.trainEvaluations().values(0));
    }

    @Test
    void a_resumed_run_continues_its_checkpoints_history_without_a_double_point() {
        LossCurves curves = new LossCurves();
        curves.addHistory(List.of(new LossPoint(100, 76_800, 3.0, 3.1), new LossPoint(200, 153_600, 2.6, 2.7)));
        curves.accept(List.of(new TrainingEvent.Evaluated(200, 153_600, 2.6, 2.7, Math.exp(2.7)), step(201, 2.55),
                new TrainingEvent.Evaluated(300, 230_400, 2.4, 2.5, Math.exp(2.5))));
        assertArrayEquals(new double[] {100, 200, 300}, curves.validation().x(XAxis.STEPS, 0));
        assertEquals(1, curves.trainSteps().size());
    }

    @Test
    void a_nan_loss_is_not_drawn() {
        LossCurves curves = new LossCurves();
        curves.accept(List.of(step(1, 4.0), step(2, Double.NaN)));
        assertEquals(1, curves.trainSteps().size());
    }
}
