// LayerNorm over the last dimension: forward (optionally fused with the residual add) and the row part of the
// backward. One block per row; gain and bias gradients are column sums (elementwise.cu's column kernels).
#include "common.cuh"

#define LN_EPS 1e-5f

// With branch: x += branch in place first. y = (x − mean)·rstd·gain + bias, keeping x̂ and rstd = 1/σ.
extern "C" __global__ void layernorm_fwd(float* x, const float* branch, const float* gain, const float* bias,
                                        float* y, float* xhat, float* rstd, int rows, int width) {
    __shared__ float sh[32];
    int row = blockIdx.x;
    if (row >= rows) return;
    float* xr = x + (u64) row * width;
    float s = 0.0f;
    for (int c = threadIdx.x; c < width; c += blockDim.x) {
        float v = xr[c];
        if (branch != nullptr) {
            v += branch[(u64) row * width + c];
            xr[c] = v;
        }
        s += v;
    }
    float mean = block_sum(s, sh) / width;
    float q = 0.0f;
    for (int c = threadIdx.x; c < width; c += blockDim.x) {
        float d = xr[c] - mean;
        q += d * d;
    }
    float inv = rsqrtf(block_sum(q, sh) / width + LN_EPS);
    for (int c = threadIdx.x; c < width; c += blockDim.x) {
        float h = (xr[c] - mean) * inv;
        xhat[(u64) row * width + c] = h;
        y[(u64) row * width + c] = h * gain[c] + (bias != nullptr ? bias[c] : 0.0f);
    }
    if (threadIdx.x == 0) rstd[row] = inv;
}

// dx += (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))·rstd with dx̂ = dy·gain
extern "C" __global__ void layernorm_bwd(const float* dy, const float* xhat, const float* rstd, const float* gain,
                                        float* dx, int rows, int width) {
    __shared__ float sh[32];
    int row = blockIdx.x;
    if (row >= rows) return;
    const float* g = dy + (u64) row * width;
    const float* h = xhat + (u64) row * width;
    float sumD = 0.0f, sumDX = 0.0f;
    for (int c = threadIdx.x; c < width; c += blockDim.x) {
        float d = g[c] * gain[c];
        sumD += d;
        sumDX += d * h[c];
    }
    float meanD = block_sum(sumD, sh) / width;
    float meanDX = block_sum(sumDX, sh) / width;
    float inv = rstd[row];
    for (int c = threadIdx.x; c < width; c += blockDim.x) {
        float d = g[c] * gain[c];
        dx[(u64) row * width + c] += (d - meanD - h[c] * meanDX) * inv;
    }
}
