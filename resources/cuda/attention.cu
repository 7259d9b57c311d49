// Attention's rearrangements, the causal softmax and its backward, and one query row against a KV cache.
// Heads are (B·H, T, hs) blocks; merged rows are (B·T, C) with C = H·hs; qkv rows are [q | k | v] (3C).
#include "common.cuh"

// Element i of the per-head layout (B·H, T, hs) is (b, h, t, d); returns the offset of (b, t, h·hs + d) in rows of
// `rowWidth` values (C for merged rows, 3C for qkv rows).
__device__ u64 head_to_row(u64 i, int length, int heads, int headSize, int rowWidth) {
    int d = (int) (i % headSize);
    u64 rest = i / headSize;
    int t = (int) (rest % length);
    u64 bh = rest / length;
    int h = (int) (bh % heads);
    u64 b = bh / heads;
    return (b * length + t) * rowWidth + (u64) h * headSize + d;
}

// qkv (B·T, 3C) → q, k, v (B·H, T, hs); one thread per element of q
extern "C" __global__ void split_qkv(const float* qkv, float* q, float* k, float* v, int batch, int length,
                                    int heads, int headSize) {
    int width = heads * headSize;
    u64 n = (u64) batch * length * width;
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        u64 src = head_to_row(i, length, heads, headSize, 3 * width);
        q[i] = qkv[src];
        k[i] = qkv[src + width];
        v[i] = qkv[src + 2 * width];
    }
}

// dq, dk, dv (B·H, T, hs) → dQkv (B·T, 3C), every element written once
extern "C" __global__ void join_qkv(const float* dq, const float* dk, const float* dv, float* dQkv, int batch,
                                   int length, int heads, int headSize) {
    int width = heads * headSize;
    u64 n = (u64) batch * length * width;
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        u64 dst = head_to_row(i, length, heads, headSize, 3 * width);
        dQkv[dst] = dq[i];
        dQkv[dst + width] = dk[i];
        dQkv[dst + 2 * width] = dv[i];
    }
}

// (B·H, T, hs) ↔ (B·T, C); toMerged says which way. One thread per element of the per-head layout.
extern "C" __global__ void permute_heads(const float* source, float* target, int batch, int length, int heads,
                                        int headSize, int toMerged) {
    int width = heads * headSize;
    u64 n = (u64) batch * length * width;
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        u64 merged = head_to_row(i, length, heads, headSize, width);
        if (toMerged) target[merged] = source[i];
        else target[i] = source[merged];
    }
}

// probs = softmax(scale·scores) over columns 0 … t of row t of each (T, T) group; the rest exactly 0.
// One warp per row.
extern "C" __global__ void causal_softmax(const float* scores, float* probs, int groups, int length, float scale) {
    u64 rowIndex = (blockIdx.x * (u64) blockDim.x + threadIdx.x) >> 5;
    int lane = threadIdx.x & 31;
    if (rowIndex >= (u64) groups * length) return;
    int visible = (int) (rowIndex % length) + 1;
    const float* s = scores + rowIndex * length;
    float* p = probs + rowIndex * length;
    float max = NEG_INF;
    for (int j = lane; j < visible; j += 32) max = fmaxf(max, s[j]);
    max = warp_max(max) * scale;                 // scale > 0, so max(scale·s) = scale·max(s)
    float sum = 0.0f;
    for (int j = lane; j < visible; j += 32) sum += expf(s[j] * scale - max);
    float inv = 1.0f / warp_sum(sum);
    for (int j = lane; j < length; j += 32) p[j] = j < visible ? expf(s[j] * scale - max) * inv : 0.0f;
}

// dProbs ← scale·p ⊙ (dProbs − Σ_j p·dProbs) over the visible columns, 0 beyond. One warp per row.
extern "C" __global__ void causal_softmax_bwd(const float* probs, float* dProbs, int groups, int length, float scale) {
    u64 rowIndex = (blockIdx.x * (u64) blockDim.x + threadIdx.x) >> 5;
    int lane = threadIdx.x & 31;
    if (rowIndex >= (u64) groups * length) return;
    int visible = (int) (rowIndex % length) + 1;
    const float* p = probs + rowIndex * length;
    float* g = dProbs + rowIndex * length;
    float dot = 0.0f;
    for (int j = lane; j < visible; j += 32) dot += p[j] * g[j];
    dot = warp_sum(dot);
    for (int j = lane; j < length; j += 32) g[j] = j < visible ? scale * p[j] * (g[j] - dot) : 0.0f;
}

// Writes row r's key and value into its caches at position positions[r]. keys/values hold one device address
// per row, each cache (T_max, C). One thread per (row, column).
extern "C" __global__ void cache_write(const float* qkv, const u64* keys, const u64* values, const int* positions,
                                     int rows, int width) {
    u64 n = (u64) rows * width;
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        int r = (int) (i / width), c = (int) (i % width);
        u64 at = (u64) positions[r] * width + c;
        ((float*) keys[r])[at] = qkv[(u64) r * 3 * width + width + c];
        ((float*) values[r])[at] = qkv[(u64) r * 3 * width + 2 * width + c];
    }
}

// out[r][head h] = softmax(q·K[0…p]ᵀ·scale)·V[0…p], p = positions[r]. One block per (row, head); dynamic shared
// memory holds the p + 1 weights.
extern "C" __global__ void cached_attention(const float* qkv, const u64* keys, const u64* values,
                                           const int* positions, int heads, int headSize, float scale, float* out) {
    DYNAMIC_SHARED(float, weights);
    __shared__ float sh[32];
    int r = blockIdx.x, h = blockIdx.y;
    int width = heads * headSize;
    int visible = positions[r] + 1;
    const float* q = qkv + (u64) r * 3 * width + (u64) h * headSize;
    const float* K = (const float*) keys[r];
    const float* V = (const float*) values[r];
    float max = NEG_INF;
    for (int t = threadIdx.x; t < visible; t += blockDim.x) {
        const float* k = K + (u64) t * width + (u64) h * headSize;
        float s = 0.0f;
        for (int d = 0; d < headSize; d++) s += q[d] * k[d];
        s *= scale;
        weights[t] = s;
        max = fmaxf(max, s);
    }
    max = block_max(max, sh);
    float sum = 0.0f;
    for (int t = threadIdx.x; t < visible; t += blockDim.x) {
        float e = expf(weights[t] - max);
        weights[t] = e;
        sum += e;
    }
    float inv = 1.0f / block_sum(sum, sh);      // block_sum's barriers also publish the weights
    for (int d = threadIdx.x; d < headSize; d += blockDim.x) {
        float acc = 0.0f;
        for (int t = 0; t < visible; t++) acc += weights[t] * V[(u64) t * width + (u64) h * headSize + d];
        out[(u64) r * width + (u64) h * headSize + d] = acc * inv;
    }
}
