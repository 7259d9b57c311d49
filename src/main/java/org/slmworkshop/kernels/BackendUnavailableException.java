package org.slmworkshop.kernels;

/**
 * A backend that cannot run on this machine, with one line for the learner that says why and what
 * to do ("no NVIDIA driver: libcuda.so.1 was not found in …"). Never shown as a stack trace.
 */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String reason) {
        super(reason);
    }

    public BackendUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
