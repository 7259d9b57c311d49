package org.slmworkshop.kernels.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_DEFAULT_MATH;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cublas.CUBLAS_TF32_TENSOR_OP_MATH;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetMathMode;
import static org.bytedeco.cuda.global.cublas.cublasSgemmStridedBatched;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;
import static org.bytedeco.cuda.global.cudart.CUDA_SUCCESS;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cudaDeviceSynchronize;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaGetLastError;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMallocHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpy;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToDevice;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaMemset;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;

import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The CUDA calls the backend makes, each checked: memory, copies through one pinned staging buffer, kernel
 * launches and cuBLAS products on the legacy default stream, so all work is ordered as it is issued, whatever
 * thread issues it. Callers hold the backend's lock; nothing here is thread-safe by itself.
 */
final class CudaApi {
    /** Values per trip through the pinned staging buffer (16 MiB). */
    private static final int STAGING_FLOATS = 1 << 22;
    private static final int MAX_ARGS = 24;

    private final int device;
    private final boolean synchronous;
    private final ThreadLocal<Boolean> threadReady = ThreadLocal.withInitial(() -> false);
    private final FloatPointer staging;
    private final LongPointer argSlots;      // one 8-byte slot per kernel argument
    private final PointerPointer<Pointer> argAddresses;  // kernelParams (void**): the address of each slot
    private final cublasContext blas = new cublasContext();
    private final FloatPointer one = new FloatPointer(1).put(1f);
    private final FloatPointer zero = new FloatPointer(1).put(0f);

    /**
     * @param synchronous wait for every kernel and report its error at once (slower; for the device check)
     * @param tf32        let cuBLAS use TF32 tensor cores for products (faster, about 1e-3 relative error)
     */
    CudaApi(int device, boolean synchronous, boolean tf32) {
        this.device = device;
        this.synchronous = synchronous;
        Loader.load(org.bytedeco.cuda.global.cublas.class);
        ensureThread();
        Pointer pinned = new Pointer((Pointer) null);
        check(cudaMallocHost(pinned, 4L * STAGING_FLOATS), "cudaMallocHost(staging)");
        staging = new FloatPointer(pinned);
        staging.capacity(STAGING_FLOATS);
        argSlots = new LongPointer(MAX_ARGS);
        argAddresses = new PointerPointer<>(MAX_ARGS);   // passed as the array itself; a plain Pointer would mean void** out
        for (int i = 0; i < MAX_ARGS; i++) argAddresses.put(i, at(argSlots.address() + 8L * i));
        blas(cublasCreate_v2(blas), "cublasCreate");
        blas(cublasSetMathMode(blas, tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
    }

    /** Makes the device's primary context current on the calling thread (once per thread). */
    void ensureThread() {
        if (!threadReady.get()) {
            check(cudaSetDevice(device), "cudaSetDevice(" + device + ")");
            threadReady.set(true);
        }
    }

    // ---------------------------------------------------------------- memory

    long malloc(long bytes) {
        Pointer p = new Pointer((Pointer) null);
        int rc = cudaMalloc(p, bytes);
        if (rc != 0) {
            cudaGetLastError();   // clear the sticky out-of-memory state
            throw new CudaException("the GPU is out of memory: cudaMalloc of " + (bytes >> 20) + " MiB failed with "
                    + CudaRuntime.error(rc) + "; try a smaller model or batch");
        }
        return p.address();
    }

    void zero(long address, long bytes) {
        check(cudaMemset(at(address), 0, bytes), "cudaMemset");
    }

    void toDevice(float[] from, int at, long address, int n) {
        for (int done = 0; done < n; ) {
            int chunk = Math.min(STAGING_FLOATS, n - done);
            staging.position(0).put(from, at + done, chunk);
            check(cudaMemcpy(at(address + 4L * done), staging.position(0), 4L * chunk, cudaMemcpyHostToDevice), "cudaMemcpy to the GPU");
            done += chunk;
        }
    }

    void toDevice(int[] from, long address) {
        IntPointer ints = new IntPointer(staging);
        for (int done = 0; done < from.length; ) {
            int chunk = Math.min(STAGING_FLOATS, from.length - done);
            ints.position(0).put(from, done, chunk);
            check(cudaMemcpy(at(address + 4L * done), ints.position(0), 4L * chunk, cudaMemcpyHostToDevice), "cudaMemcpy to the GPU");
            done += chunk;
        }
    }

    void toHost(long address, float[] to, int at, int n) {
        for (int done = 0; done < n; ) {
            int chunk = Math.min(STAGING_FLOATS, n - done);
            check(cudaMemcpy(staging.position(0), at(address + 4L * done), 4L * chunk, cudaMemcpyDeviceToHost), "cudaMemcpy from the GPU");
            staging.position(0).get(to, at + done, chunk);
            done += chunk;
        }
    }

    double[] doublesToHost(long address, int n) {
        DoublePointer doubles = new DoublePointer(staging);
        double[] out = new double[n];
        for (int done = 0; done < n; ) {
            int chunk = Math.min(STAGING_FLOATS / 2, n - done);
            check(cudaMemcpy(doubles.position(0), at(address + 8L * done), 8L * chunk, cudaMemcpyDeviceToHost), "cudaMemcpy from the GPU");
            doubles.position(0).get(out, done, chunk);
            done += chunk;
        }
        return out;
    }

    void copy(long from, long to, long bytes) {
        check(cudaMemcpy(at(to), at(from), bytes, cudaMemcpyDeviceToDevice), "cudaMemcpy on the GPU");
    }

    void synchronize(String after) {
        check(cudaDeviceSynchronize(), after);
    }

    // ---------------------------------------------------------------- kernels

    /**
     * Launches {@code function} on a (gridX, gridY) grid of {@code block} threads. Arguments: Long (a device
     * address or a 64-bit integer), Integer, Float or Double, in the kernel's order.
     */
    void launch(CUfunc_st function, String name, long gridX, int gridY, int block, int sharedBytes, Object... args) {
        if (args.length > MAX_ARGS) throw new IllegalArgumentException(name + ": too many arguments");
        if (gridX <= 0 || gridY <= 0) return;                    // nothing to do
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            long bits;
            if (a instanceof Long l) bits = l;
            else if (a instanceof Integer n) bits = n & 0xFFFFFFFFL;                         // little-endian: the low 4 bytes
            else if (a instanceof Float f) bits = Float.floatToRawIntBits(f) & 0xFFFFFFFFL;
            else if (a instanceof Double d) bits = Double.doubleToRawLongBits(d);
            else throw new IllegalArgumentException(name + ": argument " + i + " is a " + a);
            argSlots.put(i, bits);
        }
        int rc = cuLaunchKernel(function, Math.toIntExact(gridX), gridY, 1, block, 1, 1, sharedBytes, null,
                argAddresses, (PointerPointer<?>) null);
        if (rc != CUDA_SUCCESS) throw new CudaException("launching kernel " + name + " failed: CUresult " + rc);
        if (synchronous) synchronize("kernel " + name);
    }

    // ---------------------------------------------------------------- cuBLAS

    /**
     * Row-major C (m×n) = op(A)·op(B) + beta·C, with A stored (m×k) or, transposed, (k×m); B (k×n) or (n×k).
     * cuBLAS is column-major, so it computes Cᵀ = op(B)ᵀ·op(A)ᵀ on the same memory.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, long a, long b, long c, float beta, int batches,
              long strideA, long strideB, long strideC) {
        int opA = transA ? CUBLAS_OP_T : CUBLAS_OP_N;
        int opB = transB ? CUBLAS_OP_T : CUBLAS_OP_N;
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        FloatPointer betaValue = beta == 0f ? zero : beta == 1f ? one : new FloatPointer(1).put(beta);
        int status = batches == 1
                ? cublasSgemm_v2(blas, opB, opA, n, m, k, one, floats(b), ldb, floats(a), lda, betaValue, floats(c), n)
                : cublasSgemmStridedBatched(blas, opB, opA, n, m, k, one, floats(b), ldb, strideB, floats(a), lda,
                        strideA, betaValue, floats(c), n, strideC, batches);
        blas(status, batches == 1 ? "cublasSgemm" : "cublasSgemmStridedBatched");
        if (synchronous) synchronize("cuBLAS product");
    }

    // ---------------------------------------------------------------- helpers

    /** A JavaCPP pointer at a raw address (device or host); owns nothing. */
    static Pointer at(long address) {
        return new Address(address);
    }

    private static FloatPointer floats(long address) {
        return new DeviceFloats(address);
    }

    private static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }

    private static final class DeviceFloats extends FloatPointer {
        DeviceFloats(long address) {
            super((Pointer) null);
            this.address = address;
        }
    }

    static void check(int rc, String what) {
        if (rc != 0) throw new CudaException(what + " failed: " + CudaRuntime.error(rc));
    }

    private static void blas(int status, String what) {
        if (status != CUBLAS_STATUS_SUCCESS) throw new CudaException(what + " failed: cublasStatus " + status);
    }

    @SuppressWarnings("unused")
    void free(long address) {
        cudaFree(at(address));
    }
}
