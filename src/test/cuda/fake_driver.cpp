// A stand-in for the NVIDIA driver (libcuda.so.1) that runs SLM Workshop's kernels on the CPU emulation, so the
// Java CUDA backend, its JavaCPP calls and its launch shapes can be tested end to end without a GPU. Modules
// are ignored (the kernels are compiled in); a function handle is the kernel's index in the table below.
// Test-only: built by CudaBackendOnEmulatedGpuTest, never shipped.
#include "cuda_emulation.h"
#include "elementwise.cu"
#include "embedding.cu"
#include "norms.cu"
#include "attention.cu"
#include "loss.cu"
#include "adamw.cu"

#include <cstdio>
#include <cstdlib>
#include <string>

#define ARG(i, T) (*reinterpret_cast<T*>(params[i]))
typedef void (*Dispatch)(void** params);
struct Kernel { const char* name; Dispatch run; };

static const Kernel KERNELS[] = {
    {"fill_f32", [](void** params) { fill_f32(ARG(0, float*), ARG(1, u64), ARG(2, float)); }},
    {"add_f32", [](void** params) { add_f32(ARG(0, float*), ARG(1, const float*), ARG(2, u64)); }},
    {"mul_f32", [](void** params) { mul_f32(ARG(0, float*), ARG(1, const float*), ARG(2, u64)); }},
    {"scale_f32", [](void** params) { scale_f32(ARG(0, float*), ARG(1, u64), ARG(2, float)); }},
    {"add_bias", [](void** params) { add_bias(ARG(0, float*), ARG(1, const float*), ARG(2, u64), ARG(3, int)); }},
    {"gelu_fwd", [](void** params) { gelu_fwd(ARG(0, const float*), ARG(1, float*), ARG(2, u64)); }},
    {"gelu_bwd", [](void** params) { gelu_bwd(ARG(0, const float*), ARG(1, float*), ARG(2, u64)); }},
    {"dropout_fwd", [](void** params) { dropout_fwd(ARG(0, float*), ARG(1, float*), ARG(2, u64), ARG(3, float), ARG(4, float), ARG(5, u64), ARG(6, u64)); }},
    {"sum_squares", [](void** params) { sum_squares(ARG(0, const float*), ARG(1, u64), ARG(2, double*)); }},
    {"sum_doubles", [](void** params) { sum_doubles(ARG(0, const double*), ARG(1, int), ARG(2, double*)); }},
    {"column_partials", [](void** params) { column_partials(ARG(0, const float*), ARG(1, const float*), ARG(2, int), ARG(3, int), ARG(4, int), ARG(5, float*)); }},
    {"column_finish", [](void** params) { column_finish(ARG(0, const float*), ARG(1, int), ARG(2, int), ARG(3, float*)); }},
    {"embedding_fwd", [](void** params) { embedding_fwd(ARG(0, const int*), ARG(1, int), ARG(2, int), ARG(3, const float*), ARG(4, const float*), ARG(5, float*), ARG(6, int)); }},
    {"embedding_bwd", [](void** params) { embedding_bwd(ARG(0, const int*), ARG(1, const int*), ARG(2, const int*), ARG(3, const float*), ARG(4, float*), ARG(5, int)); }},
    {"position_bwd", [](void** params) { position_bwd(ARG(0, const float*), ARG(1, int), ARG(2, int), ARG(3, int), ARG(4, float*)); }},
    {"layernorm_fwd", [](void** params) { layernorm_fwd(ARG(0, float*), ARG(1, const float*), ARG(2, const float*), ARG(3, const float*), ARG(4, float*), ARG(5, float*), ARG(6, float*), ARG(7, int), ARG(8, int)); }},
    {"layernorm_bwd", [](void** params) { layernorm_bwd(ARG(0, const float*), ARG(1, const float*), ARG(2, const float*), ARG(3, const float*), ARG(4, float*), ARG(5, int), ARG(6, int)); }},
    {"split_qkv", [](void** params) { split_qkv(ARG(0, const float*), ARG(1, float*), ARG(2, float*), ARG(3, float*), ARG(4, int), ARG(5, int), ARG(6, int), ARG(7, int)); }},
    {"join_qkv", [](void** params) { join_qkv(ARG(0, const float*), ARG(1, const float*), ARG(2, const float*), ARG(3, float*), ARG(4, int), ARG(5, int), ARG(6, int), ARG(7, int)); }},
    {"permute_heads", [](void** params) { permute_heads(ARG(0, const float*), ARG(1, float*), ARG(2, int), ARG(3, int), ARG(4, int), ARG(5, int), ARG(6, int)); }},
    {"causal_softmax", [](void** params) { causal_softmax(ARG(0, const float*), ARG(1, float*), ARG(2, int), ARG(3, int), ARG(4, float)); }},
    {"causal_softmax_bwd", [](void** params) { causal_softmax_bwd(ARG(0, const float*), ARG(1, float*), ARG(2, int), ARG(3, int), ARG(4, float)); }},
    {"cache_write", [](void** params) { cache_write(ARG(0, const float*), ARG(1, const u64*), ARG(2, const u64*), ARG(3, const int*), ARG(4, int), ARG(5, int)); }},
    {"cached_attention", [](void** params) { cached_attention(ARG(0, const float*), ARG(1, const u64*), ARG(2, const u64*), ARG(3, const int*), ARG(4, int), ARG(5, int), ARG(6, float), ARG(7, float*)); }},
    {"cross_entropy", [](void** params) { cross_entropy(ARG(0, const float*), ARG(1, const int*), ARG(2, const float*), ARG(3, int), ARG(4, int), ARG(5, double), ARG(6, double), ARG(7, float*), ARG(8, double*)); }},
    {"adamw", [](void** params) { adamw(ARG(0, float*), ARG(1, const float*), ARG(2, float*), ARG(3, float*), ARG(4, const float*), ARG(5, u64), ARG(6, float), ARG(7, float), ARG(8, float), ARG(9, float), ARG(10, float), ARG(11, float), ARG(12, float), ARG(13, float), ARG(14, float)); }},
    {"adamw_rows", [](void** params) { adamw_rows(ARG(0, float*), ARG(1, const float*), ARG(2, float*), ARG(3, float*), ARG(4, const int*), ARG(5, int), ARG(6, int), ARG(7, float), ARG(8, float), ARG(9, float), ARG(10, float), ARG(11, float), ARG(12, float), ARG(13, float)); }},
};
static const int KERNEL_COUNT = sizeof(KERNELS) / sizeof(KERNELS[0]);

extern "C" {
int cuInit(unsigned) { return 0; }
int cuDriverGetVersion(int* version) { *version = 13000; return 0; }
int cuCtxGetCurrent(void** context) { *context = (void*) 1; return 0; }
int cuModuleLoadData(void** module, const void*) { *module = (void*) 1; return 0; }
int cuModuleLoadDataEx(void** module, const void*, unsigned, void*, void**) { *module = (void*) 1; return 0; }
int cuModuleGetFunction(void** function, void*, const char* name) {
    for (int i = 0; i < KERNEL_COUNT; i++) {
        if (std::string(name) == KERNELS[i].name) {
            *function = (void*) (intptr_t) (i + 1);
            return 0;
        }
    }
    std::fprintf(stderr, "fake driver: no kernel %s\n", name);
    return 500;   // CUDA_ERROR_NOT_FOUND
}
int cuLaunchKernel(void* function, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned sharedBytes, void*, void** params, void**) {
    int index = (int) (intptr_t) function - 1;
    if (index < 0 || index >= KERNEL_COUNT || gz != 1 || by != 1 || bz != 1 || bx % 32 != 0 || bx > 1024) return 1;
    if (sharedBytes > 48 * 1024) return 1;
    if (std::getenv("FAKE_CUDA_TRACE")) std::fprintf(stderr, "launch %s grid (%u,%u) block %u params %p [0]=%p\n", KERNELS[index].name, gx, gy, bx, (void*) params, params ? params[0] : nullptr); if (std::getenv("FAKE_CUDA_TRACE") && params) std::fprintf(stderr, "  args %p %p %p\n", *(void**) params[0], *(void**) params[1], *(void**) params[2]);
    Dispatch run = KERNELS[index].run;
    emu::launch(gx, gy, bx, sharedBytes, [&] { run(params); });
    return 0;
}
int cuGetErrorString(int, const char** text) { *text = "fake driver error"; return 0; }
int cuGetErrorName(int, const char** text) { *text = "CUDA_ERROR_FAKE"; return 0; }
}
