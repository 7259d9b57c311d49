// Shared helpers of SLM Workshop's CUDA kernels (compiled at run time by NVRTC, see CudaKernels).
// Every reduction sums in a fixed order for a fixed launch shape, so results do not depend on scheduling.
#pragma once

typedef unsigned int u32;
typedef unsigned long long u64;

// −∞ without <math.h>, which NVRTC does not include
#define NEG_INF __int_as_float(0xff800000)

// The launch's dynamic shared memory as an array (the CPU emulation of the kernel tests defines its own)
#ifndef DYNAMIC_SHARED
#define DYNAMIC_SHARED(type, name) extern __shared__ type name[]
#endif

// The sum of v over the block. blockDim.x is a multiple of 32 (at most 1024); sh holds 32 values.
template <typename T>
__device__ T block_sum(T v, T* sh) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    __syncthreads();                                   // sh may still be read from a previous call
    if (lane == 0) sh[warp] = v;
    __syncthreads();
    int warps = blockDim.x >> 5;
    T r = lane < warps ? sh[lane] : (T) 0;
    for (int o = 16; o > 0; o >>= 1) r += __shfl_xor_sync(0xffffffffu, r, o);
    return r;                                          // every thread holds the total
}

// The maximum of v over the block, as block_sum.
__device__ float block_max(float v, float* sh) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    __syncthreads();
    if (lane == 0) sh[warp] = v;
    __syncthreads();
    int warps = blockDim.x >> 5;
    float r = lane < warps ? sh[lane] : NEG_INF;
    for (int o = 16; o > 0; o >>= 1) r = fmaxf(r, __shfl_xor_sync(0xffffffffu, r, o));
    return r;
}

__device__ float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ float warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// Philox4x32-10 (Salmon et al., SC'11), bit for bit the Java Philox class: key = seed's (low, high) words,
// counter = (index / 4 as 64 bits, stream as 64 bits), low word first. Writes the four output words.
__device__ void philox_block(u64 block, u64 stream, u64 seed, u32 out[4]) {
    u32 c0 = (u32) block, c1 = (u32) (block >> 32), c2 = (u32) stream, c3 = (u32) (stream >> 32);
    u32 k0 = (u32) seed, k1 = (u32) (seed >> 32);
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        u64 p0 = (u64) 0xD2511F53u * c0;
        u64 p1 = (u64) 0xCD9E8D57u * c2;
        u32 n0 = (u32) (p1 >> 32) ^ c1 ^ k0;
        u32 n2 = (u32) (p0 >> 32) ^ c3 ^ k1;
        c1 = (u32) p1;
        c3 = (u32) p0;
        c0 = n0;
        c2 = n2;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

// The top 24 bits of a word as an exactly representable float in [0, 1).
__device__ float philox_unit(u32 word) {
    return (float) (word >> 8) * 5.9604644775390625e-8f;   // 2^-24
}
