// A small CPU emulation of the CUDA execution model, enough to run SLM Workshop's kernels (resources/cuda) on
// a machine without a GPU: every block runs its threads as real threads (so __syncthreads and warp shuffles
// synchronise for real), one block after another, so __shared__ variables can be plain statics. Used only by
// the kernel tests (kernels_test.cpp); the product compiles the same sources with NVRTC.
#pragma once
#include <math.h>
#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <semaphore>
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
// A barrier that sleeps rather than spins (std::barrier spins first: hundreds of emulated threads spinning starve
// a small machine). The last thread to arrive runs `completion` before the others wake.
struct Barrier {
    explicit Barrier(unsigned count) : count(count) {}
    void arrive_and_wait(const std::function<void()>& completion = nullptr) {
        std::unique_lock<std::mutex> guard(lock);
        unsigned long phase = generation;
        if (++waiting == count) {
            if (completion) completion();
            next();
        } else {
            wake.wait(guard, [&] { return generation != phase; });
        }
    }
    void arrive_and_drop() {                               // leave for good: later phases need one fewer
        std::unique_lock<std::mutex> guard(lock);
        count--;
        if (waiting > 0 && waiting == count) next();
    }

  private:
    void next() {
        waiting = 0;
        generation++;
        wake.notify_all();
    }
    std::mutex lock;
    std::condition_variable wake;
    unsigned count, waiting = 0;
    unsigned long generation = 0;
};

inline std::vector<double> dynamicShared;                 // 8-byte aligned
inline Barrier* block = nullptr;
inline std::vector<std::unique_ptr<Barrier>> warps;
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
// A pool of worker threads kept for the process: worker t plays threadIdx.x = t of every block. A launch wakes
// only the workers its blocks need, each through its own semaphore.
struct Pool {
    std::mutex lock;
    std::condition_variable done;
    std::vector<std::unique_ptr<std::binary_semaphore>> go;
    const std::function<void()>* body = nullptr;
    unsigned threads = 0, gridX = 0, gridY = 0;
    unsigned finished = 0;
    std::unique_ptr<Barrier> blockEnd;
    std::unique_ptr<Barrier> barrier;

    void grow(unsigned n) {
        while (go.size() < n) {
            unsigned t = (unsigned) go.size();
            go.push_back(std::make_unique<std::binary_semaphore>(0));
            std::thread([this, t, start = go.back().get()] { work(t, start); }).detach();
        }
    }

    // a fresh barrier for __syncthreads and one per warp, before every block
    void freshBlock() {
        barrier = std::make_unique<Barrier>(threads);
        block = barrier.get();
        warps.clear();
        for (unsigned w = 0; w < (threads + 31) / 32; w++) warps.push_back(std::make_unique<Barrier>(32));
        lanes.assign(threads, 0.0);
    }

    void work(unsigned t, std::binary_semaphore* start) {
        for (;;) {
            start->acquire();
            for (unsigned by = 0; by < gridY; by++) {
                for (unsigned bx = 0; bx < gridX; bx++) {
                    threadIdx = {t, 0, 0};
                    blockIdx = {bx, by, 0};
                    (*body)();
                    block->arrive_and_drop();             // a thread that returned no longer holds others up
                    warps[t >> 5]->arrive_and_drop();
                    blockEnd->arrive_and_wait([this] { freshBlock(); });   // the last one in sets up the next block
                }
            }
            std::lock_guard<std::mutex> guard(lock);
            if (++finished == threads) done.notify_one();
        }
    }
};
inline Pool& pool = *new Pool;   // never destroyed: its workers wait on it until the process ends

// Runs body() as a (gridX, gridY) grid of blocks of `threads` threads, one block at a time.
inline void launch(unsigned gridX, unsigned gridY, unsigned threads, size_t sharedBytes, const std::function<void()>& body) {
    gridDim = {gridX, gridY, 1};
    blockDim = {threads, 1, 1};
    dynamicShared.assign(sharedBytes / 8 + 2, 0.0);
    pool.grow(threads);
    pool.body = &body;
    pool.threads = threads;
    pool.gridX = gridX;
    pool.gridY = gridY;
    pool.finished = 0;
    pool.freshBlock();
    pool.blockEnd = std::make_unique<Barrier>(threads);
    for (unsigned t = 0; t < threads; t++) pool.go[t]->release();
    std::unique_lock<std::mutex> guard(pool.lock);
    pool.done.wait(guard, [] { return pool.finished == pool.threads; });
}
}  // namespace emu
