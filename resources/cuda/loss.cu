// Masked mean cross-entropy with label smoothing ε, one block per row: rowLoss[i] = m_i·((1−ε)·nll_i + ε·smooth_i)
// in double, with smooth_i = logsumexp(z_i) − mean(z_i); with dLogits, dL/dz = m_i/W·(softmax(z_i) − q_i).
// The host divides Σ rowLoss (summed in order by sum_doubles) by W = Σ m.
#include "common.cuh"

extern "C" __global__ void cross_entropy(const float* logits, const int* targets, const float* mask, int rows,
                                        int vocab, double eps, double weight, float* dLogits, double* rowLoss) {
    __shared__ float shf[32];
    __shared__ double shd[32];
    int row = blockIdx.x;
    if (row >= rows) return;
    const float* z = logits + (u64) row * vocab;
    float m = mask[row];
    if (m == 0.0f) {
        if (dLogits != nullptr) {
            for (int c = threadIdx.x; c < vocab; c += blockDim.x) dLogits[(u64) row * vocab + c] = 0.0f;
        }
        if (threadIdx.x == 0) rowLoss[row] = 0.0;
        return;
    }
    float max = NEG_INF;
    double total = 0.0;
    for (int c = threadIdx.x; c < vocab; c += blockDim.x) {
        max = fmaxf(max, z[c]);
        total += z[c];
    }
    max = block_max(max, shf);
    double mean = block_sum(total, shd) / vocab;
    double sum = 0.0;
    for (int c = threadIdx.x; c < vocab; c += blockDim.x) sum += (double) expf(z[c] - max);
    sum = block_sum(sum, shd);
    int target = targets[row];
    double logSumExp = max + log(sum);
    if (threadIdx.x == 0) {
        double nll = logSumExp - z[target];
        double smooth = logSumExp - mean;
        rowLoss[row] = m * ((1.0 - eps) * nll + eps * smooth);
    }
    if (dLogits != nullptr) {
        float scale = (float) (m / weight);
        float perExp = (float) (scale / sum);
        float uniform = (float) (scale * eps / vocab);
        float* g = dLogits + (u64) row * vocab;
        for (int c = threadIdx.x; c < vocab; c += blockDim.x) {
            float d = perExp * expf(z[c] - max) - uniform;
            if (c == target) d -= scale * (float) (1.0 - eps);
            g[c] = d;
        }
    }
}
