// A small CPU emulation of the CUDA execution model, enough to run SLM Workshop's kernels (resources/cuda) on
// a machine without a GPU: every block runs its threads as real threads (so __syncthreads and warp shuffles
// synchronise for real), one block after another, so __shared__ variables can be plain statics. Used only by
// the kernel tests (kernels_test.cpp); the product compiles the same sources with NVRTC.
#pragma once
#include <math.h>
#include <algorithm>
#include <barrier>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

struct EmuDim {
    unsigned x = 1, y = 1, z = 1;
};
inline thread_local EmuDim threadIdx, blockIdx;
inline EmuDim blockDim, gridDim;

namespace emu {
inline std::vector<double> dynamicShared;                 // 8-byte aligned
inline std::barrier<>* block = nullptr;
inline std::vector<std::unique_ptr<std::barrier<>>> warps;
inline std::vector<double> lanes;
}  // namespace emu

#define __global__
#define __device__
#define __shared__ static
#define DYNAMIC_SHARED(type, name) type* name = reinterpret_cast<type*>(emu::dynamicShared.data())

inline void __syncthreads() { emu::block->arrive_and_wait(); }

template <typename T>
inline T __shfl_xor_sync(unsigned, T value, int laneMask) {
    int t = threadIdx.x, warp = t >> 5, lane = t & 31;
    emu::lanes[t] = (double) value;                       // exact for float and double
    emu::warps[warp]->arrive_and_wait();
    T other = (T) emu::lanes[warp * 32 + (lane ^ laneMask)];
    emu::warps[warp]->arrive_and_wait();
    return other;
}

inline float __int_as_float(unsigned bits) {
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}
inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
using std::max;
using std::min;

namespace emu {
// Runs body() as a (gridX, gridY) grid of blocks of `threads` threads, one block at a time.
inline void launch(unsigned gridX, unsigned gridY, unsigned threads, size_t sharedBytes, const std::function<void()>& body) {
    gridDim = {gridX, gridY, 1};
    blockDim = {threads, 1, 1};
    dynamicShared.assign(sharedBytes / 8 + 2, 0.0);
    for (unsigned by = 0; by < gridY; by++) {
        for (unsigned bx = 0; bx < gridX; bx++) {
            std::barrier<> barrier(threads);
            block = &barrier;
            warps.clear();
            for (unsigned w = 0; w < (threads + 31) / 32; w++) warps.push_back(std::make_unique<std::barrier<>>(32));
            lanes.assign(threads, 0.0);
            std::vector<std::thread> running;
            for (unsigned t = 0; t < threads; t++) {
                running.emplace_back([&, t, bx, by] {
                    threadIdx = {t, 0, 0};
                    blockIdx = {bx, by, 0};
                    body();
                    barrier.arrive_and_drop();           // a thread that returned no longer holds others up
                    warps[t >> 5]->arrive_and_drop();
                });
            }
            for (auto& thread : running) thread.join();
        }
    }
}
}  // namespace emu
