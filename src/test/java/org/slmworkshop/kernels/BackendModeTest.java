package org.slmworkshop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What --backend, -Dslm.backend and SLM_BACKEND accept, and what a wrong value says. */
class BackendModeTest {
    @Test
    void theThreeNamesAndTheGpuAliasParseInAnyCaseAndSpacing() {
        assertEquals(BackendMode.CPU, BackendMode.parse("cpu"));
        assertEquals(BackendMode.CUDA, BackendMode.parse("CUDA"));
        assertEquals(BackendMode.CUDA, BackendMode.parse("gpu"));
        assertEquals(BackendMode.AUTO, BackendMode.parse(" Auto "));
        for (BackendMode mode : BackendMode.values()) assertEquals(mode, BackendMode.parse(mode.flag()));
    }

    @Test
    void anythingElseIsRefusedWithTheChoicesNamed() {
        for (String wrong : new String[] {"tpu", "", "cpu,cuda", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackendMode.parse(wrong));
            assertEquals("unknown backend '" + wrong + "': use cpu, cuda or auto", e.getMessage());
        }
    }

    @Test
    void theSystemPropertyDecidesWhenSetAndAutoIsTheDefault() {
        String before = System.getProperty(BackendMode.PROPERTY);
        try {
            System.setProperty(BackendMode.PROPERTY, "cpu");
            assertEquals(BackendMode.CPU, BackendMode.fromSystem());
            System.setProperty(BackendMode.PROPERTY, "gpu");
            assertEquals(BackendMode.CUDA, BackendMode.fromSystem());
            System.clearProperty(BackendMode.PROPERTY);
            String environment = System.getenv(BackendMode.ENVIRONMENT);
            assertEquals(environment == null || environment.isBlank() ? BackendMode.AUTO : BackendMode.parse(environment),
                    BackendMode.fromSystem());
        } finally {
            if (before == null) System.clearProperty(BackendMode.PROPERTY);
            else System.setProperty(BackendMode.PROPERTY, before);
        }
    }
}
