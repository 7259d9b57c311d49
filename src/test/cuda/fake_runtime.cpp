// Stand-ins for the CUDA 13 toolkit libraries (cudart, cuBLAS, cuBLASLt, NVRTC) over host memory, each built as
// its own library with the real one's soname and symbol version, so JavaCPP's JNI wrappers bind to them. Only
// what SLM Workshop's CUDA backend calls is here. Test-only (CudaBackendOnEmulatedGpuTest), never shipped.
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>

#ifdef FAKE_CUDART
#include <cuda_runtime_api.h>
extern "C" {
cudaError_t cudaDriverGetVersion(int* v) { *v = 13000; return cudaSuccess; }
cudaError_t cudaRuntimeGetVersion(int* v) { *v = 13000; return cudaSuccess; }
cudaError_t cudaGetDeviceCount(int* n) { *n = 1; return cudaSuccess; }
cudaError_t cudaSetDevice(int) { return cudaSuccess; }
cudaError_t cudaSetDeviceFlags(unsigned) { return cudaSuccess; }
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* p, int) {
    std::memset(p, 0, sizeof(*p));
    std::strcpy(p->name, "Emulated GPU (CPU threads)");
    p->major = 9;
    p->minor = 0;
    p->totalGlobalMem = 8ULL << 30;
    p->multiProcessorCount = 1;
    return cudaSuccess;
}
cudaError_t cudaMemGetInfo(size_t* free, size_t* total) { *free = 7ULL << 30; *total = 8ULL << 30; return cudaSuccess; }
// Each allocation ends at an inaccessible guard page, so a kernel that writes past a buffer stops at once
// (SIGSEGV in that kernel) instead of corrupting the host heap.
cudaError_t cudaMalloc(void** p, size_t bytes) {
    size_t rounded = (bytes + 255) / 256 * 256, page = 4096;
    size_t span = (rounded + page - 1) / page * page + page;
    char* base = (char*) mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return cudaErrorMemoryAllocation;
    mprotect(base + span - page, page, PROT_NONE);
    *p = base + span - page - rounded;
    std::memset(*p, 0x7f, rounded);                 // garbage, as cudaMalloc gives: zeros must come from cudaMemset
    return cudaSuccess;
}
cudaError_t cudaMallocHost(void** p, size_t bytes) { *p = std::aligned_alloc(256, (bytes + 255) / 256 * 256); return cudaSuccess; }
cudaError_t cudaFree(void*) { return cudaSuccess; }   // the arena never frees; guard-page blocks are not tracked
cudaError_t cudaFreeHost(void* p) { std::free(p); return cudaSuccess; }
cudaError_t cudaMemcpy(void* to, const void* from, size_t bytes, cudaMemcpyKind) { std::memmove(to, from, bytes); return cudaSuccess; }
cudaError_t cudaMemset(void* p, int value, size_t bytes) { std::memset(p, value, bytes); return cudaSuccess; }
cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }
cudaError_t cudaGetLastError() { return cudaSuccess; }
const char* cudaGetErrorString(cudaError_t) { return "fake runtime error"; }
const char* cudaGetErrorName(cudaError_t) { return "cudaErrorFake"; }
}
#endif

#ifdef FAKE_CUBLAS
extern "C" {
int cublasCreate_v2(void** handle) { *handle = std::malloc(16); return 0; }
int cublasDestroy_v2(void* handle) { std::free(handle); return 0; }
int cublasSetMathMode(void*, int) { return 0; }
const char* cublasGetStatusString(int) { return "fake cuBLAS status"; }
// column-major C = op(A)·op(B)·α + β·C, as cuBLAS defines it (op 0 = N, 1 = T)
static void gemm(int ta, int tb, int m, int n, int k, float alpha, const float* A, int lda, const float* B, int ldb,
                 float beta, float* C, int ldc) {
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            float s = 0;
            for (int p = 0; p < k; p++) {
                float a = ta ? A[p + (long) i * lda] : A[i + (long) p * lda];
                float b = tb ? B[j + (long) p * ldb] : B[p + (long) j * ldb];
                s += a * b;
            }
            float* c = &C[i + (long) j * ldc];
            *c = alpha * s + (beta == 0 ? 0 : beta * *c);
        }
    }
}
int cublasSgemm_v2(void*, int ta, int tb, int m, int n, int k, const float* alpha, const float* A, int lda, const float* B,
                   int ldb, const float* beta, float* C, int ldc) {
    gemm(ta, tb, m, n, k, *alpha, A, lda, B, ldb, *beta, C, ldc);
    return 0;
}
int cublasSgemmStridedBatched(void*, int ta, int tb, int m, int n, int k, const float* alpha, const float* A, int lda,
                              long long sa, const float* B, int ldb, long long sb, const float* beta, float* C, int ldc,
                              long long sc, int batches) {
    for (int g = 0; g < batches; g++) gemm(ta, tb, m, n, k, *alpha, A + g * sa, lda, B + g * sb, ldb, *beta, C + g * sc, ldc);
    return 0;
}
}
#endif

#ifdef FAKE_CUBLASLT
extern "C" int cublasLtFakeMarker() { return 0; }
#endif

#ifdef FAKE_NVRTC
// "Compiles" by handing back a placeholder image: the fake driver has the kernels built in.
extern "C" {
static const char IMAGE[] = "fake cubin";
int nvrtcVersion(int* major, int* minor) { *major = 13; *minor = 0; return 0; }
int nvrtcGetNumSupportedArchs(int* n) { *n = 1; return 0; }
int nvrtcGetSupportedArchs(int* archs) { archs[0] = 90; return 0; }
int nvrtcCreateProgram(void** program, const char*, const char*, int, const char* const*, const char* const*) { *program = std::malloc(8); return 0; }
int nvrtcCompileProgram(void*, int, const char* const*) { return 0; }
int nvrtcGetCUBINSize(void*, size_t* n) { *n = sizeof(IMAGE); return 0; }
int nvrtcGetCUBIN(void*, char* out) { std::memcpy(out, IMAGE, sizeof(IMAGE)); return 0; }
int nvrtcGetPTXSize(void*, size_t* n) { *n = sizeof(IMAGE); return 0; }
int nvrtcGetPTX(void*, char* out) { std::memcpy(out, IMAGE, sizeof(IMAGE)); return 0; }
int nvrtcGetProgramLogSize(void*, size_t* n) { *n = 1; return 0; }
int nvrtcGetProgramLog(void*, char* out) { out[0] = 0; return 0; }
int nvrtcDestroyProgram(void** program) { std::free(*program); return 0; }
const char* nvrtcGetErrorString(int) { return "fake NVRTC error"; }
}
#endif
