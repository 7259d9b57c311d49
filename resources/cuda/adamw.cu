// One AdamW step as PyTorch takes it: p −= lr·λ·decay·p (decoupled decay; no decay mask means decay everywhere), m = β1·m + (1−β1)·g,
// v = β2·v + (1−β2)·g², p −= (lr / bc1) · m / (√v / √bc2 + ε) with bc1 = 1 − β1ᵗ, bc2 = 1 − β2ᵗ.
// 1 − β1 and 1 − β2 come from the host, rounded once from double as PyTorch's scalars are (1.0f − 0.999f is
// 1.3e-5 off 0.001).
#include "common.cuh"

extern "C" __global__ void adamw(float* p, const float* g, float* m, float* v, const float* decay, u64 n, float lr,
                                float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float eps,
                                float weightDecay, float stepSize, float sqrtBc2) {
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        float w = p[i];
        if (weightDecay > 0.0f) w -= lr * weightDecay * (decay != nullptr ? decay[i] : 1.0f) * w;
        float grad = g[i];
        float mi = beta1 * m[i] + oneMinusBeta1 * grad;
        float vi = beta2 * v[i] + oneMinusBeta2 * grad * grad;
        m[i] = mi;
        v[i] = vi;
        p[i] = w - stepSize * mi / (sqrtf(vi) / sqrtBc2 + eps);
    }
}

// The same step, without weight decay, on some rows of a (R, width) table only (a row-sparse gradient, PyTorch's
// SparseAdam): row rows[r] of p, m and v takes gradient row r of g; every other row keeps its values and moments.
extern "C" __global__ void adamw_rows(float* p, const float* g, float* m, float* v, const int* rows, int count, int width,
                                     float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float eps,
                                     float stepSize, float sqrtBc2) {
    u64 n = (u64) count * width;
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        u64 at = (u64) rows[i / width] * width + i % width;
        float grad = g[i];
        float mi = beta1 * m[at] + oneMinusBeta1 * grad;
        float vi = beta2 * v[at] + oneMinusBeta2 * grad * grad;
        m[at] = mi;
        v[at] = vi;
        p[at] = p[at] - stepSize * mi / (sqrtf(vi) / sqrtBc2 + eps);
    }
}
