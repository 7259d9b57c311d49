package org.slmworkshop.ui.lab.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SmoothingValuesTest {
    @Test
    void alphasAreShownToThreeSignificantDigitsSo0point003And0point005StayApart() {
        assertEquals("1", SmoothingValues.format(1.0));
        assertEquals("0.1", SmoothingValues.format(0.1));
        assertEquals("0.01", SmoothingValues.format(0.01));
        assertEquals("0.003", SmoothingValues.format(0.003));
        assertEquals("0.005", SmoothingValues.format(0.005));
        assertEquals("0.0025", SmoothingValues.format(0.0025));
        assertEquals("0.00123", SmoothingValues.format(0.0012345));
        assertEquals("0", SmoothingValues.format(0));
    }

    @Test
    void typedAlphasAreReadBackExactlyAndOutOfRangeOrTyposAreRefused() {
        assertEquals(0.003, SmoothingValues.parse(" 0.003 "));
        assertEquals(0.01, SmoothingValues.parse("0,01"));
        assertNull(SmoothingValues.parse("-0.1"));
        assertNull(SmoothingValues.parse("6"));
        assertNull(SmoothingValues.parse("abc"));
        SmoothingValues values = new SmoothingValues(0.01);
        assertEquals(0.01, values.getConverter().fromString("typo"), "a typo keeps the value");
        assertEquals(0.003, values.getConverter().fromString(values.getConverter().toString(0.003)));
    }

    @Test
    void theArrowsWalkTheOneTwoThreeFiveLadder() {
        SmoothingValues values = new SmoothingValues(1.0);
        values.decrement(1);
        assertEquals(0.5, values.getValue());
        values.decrement(4);
        assertEquals(0.05, values.getValue());
        values.decrement(5);
        assertEquals(0.003, values.getValue());
        values.decrement(4);
        assertEquals(0.0, values.getValue());
        values.decrement(1);
        assertEquals(0.0, values.getValue());
        values.increment(2);
        assertEquals(0.002, values.getValue());
        values.setValue(0.004);               // typed, between two rungs
        values.increment(1);
        assertEquals(0.005, values.getValue());
        values.setValue(0.004);
        values.decrement(1);
        assertEquals(0.003, values.getValue());
        values.setValue(5.0);
        values.increment(1);
        assertEquals(5.0, values.getValue());
    }
}
