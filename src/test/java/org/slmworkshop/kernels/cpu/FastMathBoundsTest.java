package org.slmworkshop.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/** The error bounds that the fast GELU and exponential state in their documentation, checked against doubles. */
class FastMathBoundsTest {
    private static final double SQRT_HALF = Math.sqrt(0.5);

    private static double exactGelu(double x) {
        return x * 0.5 * (1 + Erf.erf(x * SQRT_HALF));
    }

    /** d/dx x·Φ(x) = Φ(x) + x·φ(x). */
    private static double exactGeluSlope(double x) {
        return 0.5 * (1 + Erf.erf(x * SQRT_HALF)) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }

    @Test
    void geluForwardIsWithinItsStatedBoundOfTheExactGelu() {
        float[] x = grid(-12, 12, 480_001);
        float[] y = new float[x.length];
        Gelu.forward(x, y, 0, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double error = Math.abs(y[i] - exactGelu(x[i])) / Math.max(1, Math.abs(x[i]));
            worst = Math.max(worst, error);
        }
        assertTrue(worst <= 2.5e-7, "GELU forward: worst error / max(1, |x|) = " + worst);
    }

    @Test
    void geluBackwardIsWithinItsStatedBoundOfTheExactDerivative() {
        float[] x = grid(-12, 12, 480_001);
        float[] slope = new float[x.length];
        java.util.Arrays.fill(slope, 1f);
        Gelu.backwardInPlace(x, slope, 0, x.length);       // the incoming gradient 1 becomes GELU'(x)
        double worst = 0, worstAway = 0;
        for (int i = 0; i < x.length; i++) {
            double error = Math.abs(slope[i] - exactGeluSlope(x[i]));
            worst = Math.max(worst, error);
            if (Math.abs(Math.abs(x[i]) - 5.6) > 0.6) worstAway = Math.max(worstAway, error);
        }
        assertTrue(worst <= 7e-6, "GELU derivative: worst error " + worst);
        assertTrue(worstAway <= 3e-6, "GELU derivative away from |x| = 5.6: worst error " + worstAway);
    }

    @Test
    void geluBackwardOfTheOutputMatchesFiniteDifferencesOfTheForward() {
        float[] x = grid(-6, 6, 1201);
        float[] slope = new float[x.length];
        java.util.Arrays.fill(slope, 1f);
        Gelu.backwardInPlace(x, slope, 0, x.length);
        double h = 1e-3;
        for (int i = 0; i < x.length; i++) {
            float[] points = {(float) (x[i] + h), (float) (x[i] - h)};
            float[] values = new float[2];
            Gelu.forward(points, values, 0, 2);
            double numeric = (values[0] - values[1]) / (points[0] - points[1]);
            assertEquals(numeric, slope[i], 2e-3, "GELU'(" + x[i] + ")");
        }
    }

    @Test
    void fastExpIsWithinItsStatedRelativeErrorAndUnderflowsToZero() {
        double worst = 0;
        for (float y : grid(-87, 0, 870_001)) {
            double exact = Math.exp(y);
            worst = Math.max(worst, Math.abs(FastExp.expNonPositive(y) - exact) / exact / Math.max(1, -y));
        }
        assertTrue(worst < 1.2e-7, "relative error / max(1, |y|) = " + worst);
        assertEquals(1f, FastExp.expNonPositive(0f), 0f);
        assertEquals(0f, FastExp.expNonPositive(-87.5f), 0f);
        assertEquals(0f, FastExp.expNonPositive(Float.NEGATIVE_INFINITY), 0f);
    }

    private static float[] grid(double from, double to, int points) {
        float[] x = new float[points];
        for (int i = 0; i < points; i++) x[i] = (float) (from + (to - from) * i / (points - 1));
        return x;
    }
}
