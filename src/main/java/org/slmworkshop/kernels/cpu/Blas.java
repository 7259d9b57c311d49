package org.slmworkshop.kernels.cpu;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct calls to the OpenBLAS that ND4J itself loads (the {@code org.bytedeco:openblas} preset ND4J depends on),
 * for the one shape ND4J handles slowly: attention's many small per-head products. ND4J's batched matmul spent
 * about 265 µs on 48 products of (64, 64)·(64, 32); one {@code cblas_sgemm} per head, the heads shared among
 * {@link Parallel}'s threads, takes about 100 µs and gives the same numbers. The large products stay in ND4J,
 * whose oneDNN build is faster there than this OpenBLAS (measured: 1.25 against 2.1 ms for (768, 128)·(128, 512)).
 */
final class Blas {
    private static final int ROW_MAJOR = openblas.CblasRowMajor;
    private static final int NO_TRANSPOSE = openblas.CblasNoTrans;
    private static final int TRANSPOSE = openblas.CblasTrans;
    /**
     * OpenBLAS 0.3.19 runs a product of at most 65536·4 multiply-adds on the calling thread; above that it wakes its
     * own workers, so the heads then run one after another and let OpenBLAS split each.
     */
    private static final long SINGLE_THREADED_WORK = 65_536L * 4;

    private Blas() {}

    /**
     * c[g] = op(a[g])·op(b[g]) for every g of dense row-major (G, rows, columns) arrays. Each head is one product
     * with a fixed order of operations, so the result does not depend on which thread ran it.
     */
    static void batched(Parallel parallel, INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c) {
        Host.buffer(a);   // throws unless dense and c-ordered, as the pointer arithmetic below needs
        Host.buffer(b);
        Host.buffer(c);
        int groups = (int) c.size(0);
        int m = (int) c.size(1), n = (int) c.size(2);
        int k = (int) (transposeA ? a.size(1) : a.size(2));
        if (a.size(0) != groups || b.size(0) != groups || (transposeA ? a.size(2) : a.size(1)) != m
                || (transposeB ? b.size(1) : b.size(2)) != n || (transposeB ? b.size(2) : b.size(1)) != k) {
            throw new IllegalArgumentException("batched product of " + a.shapeInfoToString() + " and "
                    + b.shapeInfoToString() + " into " + c.shapeInfoToString() + " does not fit");
        }
        int lda = (int) a.size(2), ldb = (int) b.size(2);
        long strideA = a.size(1) * a.size(2), strideB = b.size(1) * b.size(2), strideC = (long) m * n;
        int transA = transposeA ? TRANSPOSE : NO_TRANSPOSE, transB = transposeB ? TRANSPOSE : NO_TRANSPOSE;
        Parallel.Rows heads = (from, to) -> {
            // addressPointer() already points at the array's first value, views included
            FloatPointer pa = new FloatPointer(a.data().addressPointer());
            FloatPointer pb = new FloatPointer(b.data().addressPointer());
            FloatPointer pc = new FloatPointer(c.data().addressPointer());
            for (int g = from; g < to; g++) {
                pa.position(g * strideA);
                pb.position(g * strideB);
                pc.position(g * strideC);
                openblas.cblas_sgemm(ROW_MAJOR, transA, transB, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
            }
        };
        if ((long) m * n * k <= SINGLE_THREADED_WORK) {
            parallel.rows(groups, groups * strideC * k, heads);
        } else {
            heads.run(0, groups);
        }
    }
}
