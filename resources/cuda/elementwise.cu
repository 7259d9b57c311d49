// Element-wise kernels: fills and in-place arithmetic, bias, GELU, dropout, and the sums behind norms and
// column reductions. One thread per element with grid-stride loops; n counts floats.
#include "common.cuh"

extern "C" __global__ void fill_f32(float* x, u64 n, float value) {
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) x[i] = value;
}

// x += y
extern "C" __global__ void add_f32(float* x, const float* y, u64 n) {
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) x[i] += y[i];
}

// x *= y
extern "C" __global__ void mul_f32(float* x, const float* y, u64 n) {
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) x[i] *= y[i];
}

// x *= factor
extern "C" __global__ void scale_f32(float* x, u64 n, float factor) {
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) x[i] *= factor;
}

// y (rows, width) += bias (width) on every row
extern "C" __global__ void add_bias(float* y, const float* bias, u64 rows, int width) {
    u64 n = rows * width;
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        y[i] += bias[i % width];
    }
}

// y = x·Φ(x), the exact GELU (nn.GELU()), Φ(x) = ½(1 + erf(x/√2))
extern "C" __global__ void gelu_fwd(const float* x, float* y, u64 n) {
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        float v = x[i];
        y[i] = 0.5f * v * (1.0f + erff(v * 0.70710678118654752f));
    }
}

// dy ⊙= Φ(x) + x·φ(x), φ the standard normal density
extern "C" __global__ void gelu_bwd(const float* x, float* dy, u64 n) {
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        float v = x[i];
        float cdf = 0.5f * (1.0f + erff(v * 0.70710678118654752f));
        float pdf = 0.39894228040143268f * expf(-0.5f * v * v);
        dy[i] *= cdf + v * pdf;
    }
}

// Inverted dropout: mask_i = (u_i >= p) ? keep : 0 with u_i = Philox(seed, stream, i); x ⊙= mask.
// One thread per four consecutive elements, the four words of one Philox block.
extern "C" __global__ void dropout_fwd(float* x, float* mask, u64 n, float p, float keep, u64 seed, u64 stream) {
    u64 blocks = (n + 3) / 4;
    for (u64 b = blockIdx.x * (u64) blockDim.x + threadIdx.x; b < blocks; b += (u64) gridDim.x * blockDim.x) {
        u32 words[4];
        philox_block(b, stream, seed, words);
        for (int lane = 0; lane < 4; lane++) {
            u64 i = b * 4 + lane;
            if (i >= n) break;
            float m = philox_unit(words[lane]) < p ? 0.0f : keep;
            mask[i] = m;
            x[i] *= m;
        }
    }
}

// partial[block] = Σ x² over a fixed grid-stride share of x, in double (the host adds the partials in order)
extern "C" __global__ void sum_squares(const float* x, u64 n, double* partial) {
    __shared__ double sh[32];
    double s = 0.0;
    for (u64 i = blockIdx.x * (u64) blockDim.x + threadIdx.x; i < n; i += (u64) gridDim.x * blockDim.x) {
        double v = x[i];
        s += v * v;
    }
    s = block_sum(s, sh);
    if (threadIdx.x == 0) partial[blockIdx.x] = s;
}

// out[0] = Σ x[0 … n) in one block, in a fixed order
extern "C" __global__ void sum_doubles(const double* x, int n, double* out) {
    __shared__ double sh[32];
    double s = 0.0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) s += x[i];
    s = block_sum(s, sh);
    if (threadIdx.x == 0) out[0] = s;
}

// Column sums in two stages, fixed order: partial[chunk][c] = Σ_{rows of chunk} a[r][c] (· b[r][c] when b is
// given). Grid: (column tiles, chunks); each thread walks its column down its chunk of rows.
extern "C" __global__ void column_partials(const float* a, const float* b, int rows, int width, int chunk,
                                          float* partial) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= width) return;
    int from = blockIdx.y * chunk;
    int to = min(rows, from + chunk);
    float s = 0.0f;
    if (b == nullptr) {
        for (int r = from; r < to; r++) s += a[(u64) r * width + c];
    } else {
        for (int r = from; r < to; r++) s += a[(u64) r * width + c] * b[(u64) r * width + c];
    }
    partial[(u64) blockIdx.y * width + c] = s;
}

// out[c] += Σ_chunk partial[chunk][c]
extern "C" __global__ void column_finish(const float* partial, int chunks, int width, float* out) {
    int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= width) return;
    float s = 0.0f;
    for (int k = 0; k < chunks; k++) s += partial[(u64) k * width + c];
    out[c] += s;
}
