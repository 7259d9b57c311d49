package org.slmworkshop.kernels.cuda;

/** A CUDA call that failed while the backend was running, with the call and CUDA's own words for the error. */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaException(String message) {
        super(message);
    }
}
