// Token and position embeddings, forward and backward. The backward is deterministic without atomics: the host
// groups the batch's rows by token (CSR: unique tokens, offsets, row lists) and each thread sums one token's rows
// for one column in a fixed order.
#include "common.cuh"

// out[i] = table[tokens[i]] + positions[i % length] (positions may be null); rows = B·T
extern "C" __global__ void embedding_fwd(const int* tokens, int rows, int length, const float* table,
                                        const float* positions, float* out, int width) {
    u64 n = (u64) rows * width;
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        int row = (int) (i / width), c = (int) (i % width);
        float v = table[(u64) tokens[row] * width + c];
        if (positions != nullptr) v += positions[(u64) (row % length) * width + c];
        out[i] = v;
    }
}

// dTable[unique[u]][c] += Σ_{j in offsets[u] … offsets[u+1]} dOut[rowList[j]][c]; grid (uniques, column tiles)
extern "C" __global__ void embedding_bwd(const int* unique, const int* offsets, const int* rowList, const float* dOut,
                                        float* dTable, int width) {
    int u = blockIdx.x;
    int c = blockIdx.y * blockDim.x + threadIdx.x;
    if (c >= width) return;
    float s = 0.0f;
    for (int j = offsets[u]; j < offsets[u + 1]; j++) s += dOut[(u64) rowList[j] * width + c];
    dTable[(u64) unique[u] * width + c] += s;
}

// dPositions[t][c] += Σ_b dOut[b·T + t][c]
extern "C" __global__ void position_bwd(const float* dOut, int batch, int length, int width, float* dPositions) {
    u64 n = (u64) length * width;
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        float s = 0.0f;
        for (int b = 0; b < batch; b++) s += dOut[(u64) b * n + i];
        dPositions[i] += s;
    }
}
