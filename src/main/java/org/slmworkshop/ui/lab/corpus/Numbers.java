package org.slmworkshop.ui.lab.corpus;

import java.util.Locale;

/** How the lab writes counts and sizes: thousands separators, and bytes in both decimal and binary units. */
final class Numbers {
    private Numbers() {}

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** "268.4 MB (256.0 MiB)": lessons use both, so both are shown. */
    static String bytes(long bytes) {
        return decimal(bytes) + " (" + binary(bytes) + ")";
    }

    private static String decimal(long bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String binary(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
