// Runs every kernel of resources/cuda on the CPU emulation (cuda_emulation.h) against plain loops, with the
// launch shapes CudaKernels.java uses. Exit status 0 when every check passes; one line per check.
// Build: g++ -std=c++20 -O1 -pthread -I src/test/cuda -I resources/cuda src/test/cuda/kernels_test.cpp
#include "cuda_emulation.h"
#include "elementwise.cu"
#include "embedding.cu"
#include "norms.cu"
#include "attention.cu"
#include "loss.cu"
#include "adamw.cu"

#include <cstdio>
#include <map>
#include <random>

static int failures = 0;
static std::mt19937 rng(1234);

static std::vector<float> randoms(size_t n, float lo = -2.f, float hi = 2.f) {
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

static void check(const char* what, const std::vector<float>& got, const std::vector<double>& want, double tolerance) {
    double worst = 0;
    size_t at = 0;
    for (size_t i = 0; i < want.size(); i++) {
        double error = std::fabs(got[i] - want[i]) / std::max(1.0, std::fabs(want[i]));
        if (!(error <= worst)) { worst = error; at = i; }   // NaN counts as worst
    }
    bool ok = worst <= tolerance && got.size() == want.size();
    if (!ok) failures++;
    std::printf("%s %-44s max relative error %.2e (tolerance %.0e)%s\n", ok ? "ok  " : "FAIL", what, worst, tolerance,
                ok ? "" : (" at " + std::to_string(at) + ": got " + std::to_string(got[at]) + ", want " + std::to_string(want[at])).c_str());
}

static void checkValue(const char* what, double got, double want, double tolerance) {
    double error = std::fabs(got - want) / std::max(1.0, std::fabs(want));
    bool ok = error <= tolerance;
    if (!ok) failures++;
    std::printf("%s %-44s relative error %.2e (tolerance %.0e)%s\n", ok ? "ok  " : "FAIL", what, error, tolerance,
                ok ? "" : (": got " + std::to_string(got) + ", want " + std::to_string(want)).c_str());
}

static std::vector<double> widen(const std::vector<float>& v) { return std::vector<double>(v.begin(), v.end()); }

// the Java side's launch shapes
static unsigned blocksFor(size_t n, unsigned threads) { return (unsigned) std::max<size_t>(1, std::min<size_t>(65536, (n + threads - 1) / threads)); }
static unsigned rowThreads(int width) { return (unsigned) std::min(256, std::max(32, (width + 31) / 32 * 32)); }

static void columnSums(const float* a, const float* b, int rows, int width, float* out) {
    int chunk = 256, chunks = std::max(1, (rows + chunk - 1) / chunk);
    std::vector<float> partial((size_t) chunks * width);
    unsigned tiles = (width + 127) / 128;
    emu::launch(tiles, chunks, 128, 0, [&] { column_partials(a, b, rows, width, chunk, partial.data()); });
    emu::launch(tiles, 1, 128, 0, [&] { column_finish(partial.data(), chunks, width, out); });
}

static void testPhilox() {
    struct Kat { u32 c[4]; u32 k[2]; u32 out[4]; };
    Kat kats[] = {  // Random123's philox4x32-10 known answers
        {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
        {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}, {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
        {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}, {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    };
    int bad = 0;
    for (auto& kat : kats) {
        u32 out[4];
        philox_block(kat.c[0] | ((u64) kat.c[1] << 32), kat.c[2] | ((u64) kat.c[3] << 32), kat.k[0] | ((u64) kat.k[1] << 32), out);
        for (int i = 0; i < 4; i++) bad += out[i] != kat.out[i];
    }
    std::printf("%s philox4x32-10 known answers\n", bad ? "FAIL" : "ok  ");
    failures += bad != 0;

    size_t n = 1003;
    float p = 0.3f, keep = 1.f / (1.f - p);
    u64 seed = 0x1234567890abcdefULL, stream = 7;
    auto x = randoms(n), mask = std::vector<float>(n);
    std::vector<double> wantX(n), wantMask(n);
    for (size_t i = 0; i < n; i++) {
        u32 words[4];
        philox_block(i / 4, stream, seed, words);
        float m = philox_unit(words[i % 4]) < p ? 0.f : keep;
        wantMask[i] = m;
        wantX[i] = x[i] * m;
    }
    emu::launch(3, 1, 64, 0, [&] { dropout_fwd(x.data(), mask.data(), n, p, keep, seed, stream); });
    check("dropout mask (Philox per element)", mask, wantMask, 0);
    check("dropout output", x, wantX, 0);
}

static void testElementwise() {
    size_t n = 1000;
    auto x = randoms(n), y = randoms(n);
    std::vector<double> want(n);
    auto a = x;
    for (size_t i = 0; i < n; i++) want[i] = x[i] + y[i];
    emu::launch(2, 1, 64, 0, [&] { add_f32(a.data(), y.data(), n); });
    check("add", a, want, 0);
    a = x;
    for (size_t i = 0; i < n; i++) want[i] = x[i] * y[i];
    emu::launch(2, 1, 64, 0, [&] { mul_f32(a.data(), y.data(), n); });
    check("multiply", a, want, 0);
    a = x;
    for (size_t i = 0; i < n; i++) want[i] = x[i] * 0.37f;
    emu::launch(2, 1, 64, 0, [&] { scale_f32(a.data(), n, 0.37f); });
    check("scale", a, want, 0);
    emu::launch(2, 1, 64, 0, [&] { fill_f32(a.data(), n, 2.5f); });
    check("fill", a, std::vector<double>(n, 2.5), 0);

    int rows = 300, width = 37;                           // more rows than one column chunk
    auto g = randoms((size_t) rows * width), h = randoms((size_t) rows * width), bias = randoms(width);
    auto yb = g;
    std::vector<double> wantBias(rows * width);
    for (int i = 0; i < rows * width; i++) wantBias[i] = g[i] + bias[i % width];
    emu::launch(blocksFor(rows * width, 256), 1, 256, 0, [&] { add_bias(yb.data(), bias.data(), rows, width); });
    check("add bias", yb, wantBias, 0);
    std::vector<float> sums(width, 1.0f), dots(width, -1.0f);
    std::vector<double> wantSums(width, 1.0), wantDots(width, -1.0);
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < width; c++) {
            wantSums[c] += g[r * width + c];
            wantDots[c] += (double) g[r * width + c] * h[r * width + c];
        }
    columnSums(g.data(), nullptr, rows, width, sums.data());
    columnSums(g.data(), h.data(), rows, width, dots.data());
    check("bias backward (column sums, accumulating)", sums, wantSums, 1e-5);
    check("column sums of products", dots, wantDots, 1e-5);

    auto big = randoms(5000);
    double squares = 0;
    for (float v : big) squares += (double) v * v;
    std::vector<double> partial(16), total(1);
    emu::launch(16, 1, 64, 0, [&] { sum_squares(big.data(), big.size(), partial.data()); });
    emu::launch(1, 1, 256, 0, [&] { sum_doubles(partial.data(), 16, total.data()); });
    checkValue("norm (sum of squares, two stages)", std::sqrt(total[0]), std::sqrt(squares), 1e-12);

    auto gx = randoms(n, -6.f, 6.f), gy = std::vector<float>(n), dgy = randoms(n);
    std::vector<double> wantGelu(n), wantGrad(n);
    for (size_t i = 0; i < n; i++) {
        double v = gx[i], cdf = 0.5 * (1 + std::erf(v / std::sqrt(2.0))), pdf = std::exp(-v * v / 2) / std::sqrt(2 * M_PI);
        wantGelu[i] = v * cdf;
        wantGrad[i] = dgy[i] * (cdf + v * pdf);
    }
    emu::launch(2, 1, 64, 0, [&] { gelu_fwd(gx.data(), gy.data(), n); });
    emu::launch(2, 1, 64, 0, [&] { gelu_bwd(gx.data(), dgy.data(), n); });
    check("gelu (exact erf)", gy, wantGelu, 2e-6);
    check("gelu backward", dgy, wantGrad, 2e-6);
}

static void testEmbedding() {
    int vocab = 11, width = 13, batch = 3, length = 5, n = batch * length;
    std::vector<int> tokens = {1, 4, 4, 0, 10, 4, 1, 1, 2, 3, 9, 4, 0, 0, 7};
    auto table = randoms((size_t) vocab * width), positions = randoms((size_t) 8 * width), out = std::vector<float>(n * width);
    std::vector<double> want(n * width);
    for (int i = 0; i < n; i++)
        for (int c = 0; c < width; c++) want[i * width + c] = table[tokens[i] * width + c] + positions[(i % length) * width + c];
    emu::launch(blocksFor(n * width, 256), 1, 256, 0, [&] {
        embedding_fwd(tokens.data(), n, length, table.data(), positions.data(), out.data(), width);
    });
    check("embedding (token + position)", out, want, 0);

    auto dOut = randoms((size_t) n * width);
    std::vector<float> dTable(vocab * width, 0.5f), dPositions(8 * width, -0.5f);
    std::vector<double> wantTable(vocab * width, 0.5), wantPositions(8 * width, -0.5);
    for (int i = 0; i < n; i++)
        for (int c = 0; c < width; c++) {
            wantTable[tokens[i] * width + c] += dOut[i * width + c];
            wantPositions[(i % length) * width + c] += dOut[i * width + c];
        }
    // the host's grouping, as CudaKernels.embeddingBackward builds it
    std::map<int, std::vector<int>> byToken;
    for (int i = 0; i < n; i++) byToken[tokens[i]].push_back(i);
    std::vector<int> unique, offsets, rows;
    for (auto& [token, list] : byToken) {
        unique.push_back(token);
        offsets.push_back((int) rows.size());
        rows.insert(rows.end(), list.begin(), list.end());
    }
    offsets.push_back((int) rows.size());
    unsigned threads = std::min(128u, std::max(32u, (unsigned) (width + 31) / 32 * 32));
    emu::launch(unique.size(), (width + threads - 1) / threads, threads, 0, [&] {
        embedding_bwd(unique.data(), offsets.data(), rows.data(), dOut.data(), dTable.data(), width);
    });
    emu::launch(blocksFor(length * width, 256), 1, 256, 0, [&] {
        position_bwd(dOut.data(), batch, length, width, dPositions.data());
    });
    check("embedding backward (repeated tokens)", dTable, wantTable, 1e-6);
    check("position embedding backward", dPositions, wantPositions, 1e-6);
}

static void testLayerNorm(bool withBias, bool withBranch) {
    int rows = 7, width = 45;
    auto x = randoms((size_t) rows * width), branch = randoms((size_t) rows * width);
    auto gain = randoms(width, 0.5f, 1.5f), bias = randoms(width);
    std::vector<float> y(rows * width), xhat(rows * width), rstd(rows);
    std::vector<double> wantX(rows * width), wantY(rows * width), wantHat(rows * width), wantRstd(rows);
    for (int r = 0; r < rows; r++) {
        double mean = 0, var = 0;
        for (int c = 0; c < width; c++) {
            wantX[r * width + c] = x[r * width + c] + (withBranch ? branch[r * width + c] : 0.f);
            mean += wantX[r * width + c];
        }
        mean /= width;
        for (int c = 0; c < width; c++) var += (wantX[r * width + c] - mean) * (wantX[r * width + c] - mean);
        wantRstd[r] = 1 / std::sqrt(var / width + 1e-5);
        for (int c = 0; c < width; c++) {
            wantHat[r * width + c] = (wantX[r * width + c] - mean) * wantRstd[r];
            wantY[r * width + c] = wantHat[r * width + c] * gain[c] + (withBias ? bias[c] : 0.0);
        }
    }
    auto xIn = x;
    emu::launch(rows, 1, rowThreads(width), 0, [&] {
        layernorm_fwd(xIn.data(), withBranch ? branch.data() : nullptr, gain.data(), withBias ? bias.data() : nullptr,
                      y.data(), xhat.data(), rstd.data(), rows, width);
    });
    std::string name = std::string("layernorm") + (withBranch ? " fused with the residual add" : "") + (withBias ? " with bias" : "");
    check(name.c_str(), y, wantY, 1e-5);
    if (withBranch) check("  x after the residual add", xIn, wantX, 0);
    check("  x̂", xhat, wantHat, 1e-5);
    check("  1/σ", rstd, wantRstd, 1e-5);

    // backward: dx += ..., dGain += Σ dy·x̂, dBias += Σ dy (all accumulating)
    auto dy = randoms((size_t) rows * width);
    std::vector<float> dx(rows * width, 0.25f), dGain(width, 0.5f), dBias(width, -0.5f);
    std::vector<double> wantDx(rows * width), wantGain(width, 0.5), wantBias(width, -0.5);
    for (int r = 0; r < rows; r++) {
        double md = 0, mdx = 0;
        for (int c = 0; c < width; c++) {
            double d = dy[r * width + c] * gain[c];
            md += d;
            mdx += d * xhat[r * width + c];
            wantGain[c] += (double) dy[r * width + c] * xhat[r * width + c];
            wantBias[c] += dy[r * width + c];
        }
        md /= width;
        mdx /= width;
        for (int c = 0; c < width; c++) {
            double d = dy[r * width + c] * gain[c];
            wantDx[r * width + c] = 0.25 + (d - md - xhat[r * width + c] * mdx) * rstd[r];
        }
    }
    emu::launch(rows, 1, rowThreads(width), 0, [&] {
        layernorm_bwd(dy.data(), xhat.data(), rstd.data(), gain.data(), dx.data(), rows, width);
    });
    columnSums(dy.data(), xhat.data(), rows, width, dGain.data());
    columnSums(dy.data(), nullptr, rows, width, dBias.data());
    check("  layernorm backward dx (accumulating)", dx, wantDx, 1e-5);
    check("  layernorm backward dGain", dGain, wantGain, 1e-5);
    check("  layernorm backward dBias", dBias, wantBias, 1e-5);
}

static void testAttention() {
    int batch = 2, heads = 3, length = 5, hs = 4, width = heads * hs, n = batch * length;
    auto qkv = randoms((size_t) n * 3 * width);
    size_t per = (size_t) batch * heads * length * hs;
    std::vector<float> q(per), k(per), v(per), back(n * 3 * width, 9.f), merged(n * width), again(per);
    std::vector<double> wantQ(per), wantK(per), wantV(per), wantMerged(n * width);
    for (int b = 0; b < batch; b++)
        for (int h = 0; h < heads; h++)
            for (int t = 0; t < length; t++)
                for (int d = 0; d < hs; d++) {
                    size_t i = (((size_t) b * heads + h) * length + t) * hs + d;
                    size_t src = ((size_t) b * length + t) * 3 * width + h * hs + d;
                    wantQ[i] = qkv[src];
                    wantK[i] = qkv[src + width];
                    wantV[i] = qkv[src + 2 * width];
                    wantMerged[((size_t) b * length + t) * width + h * hs + d] = qkv[src];
                }
    emu::launch(blocksFor(per, 256), 1, 256, 0, [&] { split_qkv(qkv.data(), q.data(), k.data(), v.data(), batch, length, heads, hs); });
    check("split qkv into heads: q", q, wantQ, 0);
    check("  k", k, wantK, 0);
    check("  v", v, wantV, 0);
    emu::launch(blocksFor(per, 256), 1, 256, 0, [&] { join_qkv(q.data(), k.data(), v.data(), back.data(), batch, length, heads, hs); });
    check("join qkv (the inverse)", back, widen(qkv), 0);
    emu::launch(blocksFor(per, 256), 1, 256, 0, [&] { permute_heads(q.data(), merged.data(), batch, length, heads, hs, 1); });
    check("merge heads", merged, wantMerged, 0);
    emu::launch(blocksFor(per, 256), 1, 256, 0, [&] { permute_heads(merged.data(), again.data(), batch, length, heads, hs, 0); });
    check("split heads (the inverse)", again, wantQ, 0);

    int groups = 3, T = 37;                                // T > 32: several columns per lane
    float scale = 0.7f;
    auto scores = randoms((size_t) groups * T * T, -4.f, 4.f);
    std::vector<float> probs(groups * T * T, 5.f);
    std::vector<double> wantP(groups * T * T, 0.0);
    for (int row = 0; row < groups * T; row++) {
        int visible = row % T + 1;
        double mx = -1e30, sum = 0;
        for (int j = 0; j < visible; j++) mx = std::max(mx, (double) scale * scores[row * T + j]);
        for (int j = 0; j < visible; j++) sum += std::exp(scale * scores[row * T + j] - mx);
        for (int j = 0; j < visible; j++) wantP[row * T + j] = std::exp(scale * scores[row * T + j] - mx) / sum;
    }
    unsigned blocks = blocksFor((size_t) groups * T * 32, 256);
    emu::launch(blocks, 1, 256, 0, [&] { causal_softmax(scores.data(), probs.data(), groups, T, scale); });
    check("causal softmax (upper triangle exactly 0)", probs, wantP, 1e-6);
    auto dProbs = randoms((size_t) groups * T * T);
    std::vector<double> wantD(groups * T * T, 0.0);
    for (int row = 0; row < groups * T; row++) {
        int visible = row % T + 1;
        double dot = 0;
        for (int j = 0; j < visible; j++) dot += (double) probs[row * T + j] * dProbs[row * T + j];
        for (int j = 0; j < visible; j++) wantD[row * T + j] = scale * probs[row * T + j] * (dProbs[row * T + j] - dot);
    }
    emu::launch(blocks, 1, 256, 0, [&] { causal_softmax_bwd(probs.data(), dProbs.data(), groups, T, scale); });
    check("causal softmax backward", dProbs, wantD, 1e-5);

    // the KV-cache decoder: three sequences at different positions, each with its own (T_max, C) caches
    int rows = 3, tMax = 40;
    std::vector<int> pos = {0, 17, 39};
    auto newRows = randoms((size_t) rows * 3 * width);
    std::vector<std::vector<float>> keys(rows), values(rows);
    std::vector<u64> keyPtrs(rows), valuePtrs(rows);
    for (int r = 0; r < rows; r++) {
        keys[r] = randoms((size_t) tMax * width);
        values[r] = randoms((size_t) tMax * width);
        keyPtrs[r] = (u64) keys[r].data();
        valuePtrs[r] = (u64) values[r].data();
    }
    auto expectK = keys, expectV = values;
    std::vector<double> wantOut(rows * width);
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < width; c++) {
            expectK[r][pos[r] * width + c] = newRows[r * 3 * width + width + c];
            expectV[r][pos[r] * width + c] = newRows[r * 3 * width + 2 * width + c];
        }
        for (int h = 0; h < heads; h++) {
            std::vector<double> w(pos[r] + 1);
            double mx = -1e30, sum = 0;
            for (int t = 0; t <= pos[r]; t++) {
                double s = 0;
                for (int d = 0; d < hs; d++) s += (double) newRows[r * 3 * width + h * hs + d] * expectK[r][t * width + h * hs + d];
                w[t] = s * scale;
                mx = std::max(mx, w[t]);
            }
            for (auto& x : w) sum += (x = std::exp(x - mx));
            for (int d = 0; d < hs; d++) {
                double acc = 0;
                for (int t = 0; t <= pos[r]; t++) acc += w[t] / sum * expectV[r][t * width + h * hs + d];
                wantOut[r * width + h * hs + d] = acc;
            }
        }
    }
    std::vector<float> out(rows * width);
    emu::launch(blocksFor(rows * width, 256), 1, 256, 0, [&] {
        cache_write(newRows.data(), keyPtrs.data(), valuePtrs.data(), pos.data(), rows, width);
    });
    int longest = 40;
    emu::launch(rows, heads, 128, 4 * longest, [&] {
        cached_attention(newRows.data(), keyPtrs.data(), valuePtrs.data(), pos.data(), heads, hs, scale, out.data());
    });
    for (int r = 0; r < rows; r++) {
        check("cache write: keys at the row's position", keys[r], widen(expectK[r]), 0);
        check("  values", values[r], widen(expectV[r]), 0);
    }
    check("cached attention against the cache", out, wantOut, 1e-5);
}

static void testLoss(double eps) {
    int rows = 6, vocab = 300;
    auto logits = randoms((size_t) rows * vocab, -5.f, 5.f);
    std::vector<int> targets = {3, 299, 0, 150, 7, 42};
    std::vector<float> mask = {1, 1, 0, 1, 0.5f, 1};
    double weight = 0;
    for (float m : mask) weight += m;
    double wantLoss = 0;
    std::vector<double> wantGrad(rows * vocab);
    for (int r = 0; r < rows; r++) {
        double mx = -1e30, sum = 0, mean = 0;
        for (int c = 0; c < vocab; c++) { mx = std::max(mx, (double) logits[r * vocab + c]); mean += logits[r * vocab + c]; }
        mean /= vocab;
        for (int c = 0; c < vocab; c++) sum += std::exp(logits[r * vocab + c] - mx);
        double lse = mx + std::log(sum);
        wantLoss += mask[r] * ((1 - eps) * (lse - logits[r * vocab + targets[r]]) + eps * (lse - mean));
        for (int c = 0; c < vocab; c++) {
            double q = (c == targets[r] ? 1 - eps : 0) + eps / vocab;
            wantGrad[r * vocab + c] = mask[r] / weight * (std::exp(logits[r * vocab + c] - mx) / sum - q);
        }
    }
    wantLoss /= weight;
    std::vector<float> grad(rows * vocab, 7.f);
    std::vector<double> rowLoss(rows), total(1);
    emu::launch(rows, 1, 256, 0, [&] {
        cross_entropy(logits.data(), targets.data(), mask.data(), rows, vocab, eps, weight, grad.data(), rowLoss.data());
    });
    emu::launch(1, 1, 1024, 0, [&] { sum_doubles(rowLoss.data(), rows, total.data()); });
    std::string name = "cross-entropy, masked, smoothing " + std::to_string(eps).substr(0, 4);
    checkValue(name.c_str(), total[0] / weight, wantLoss, 1e-6);
    check("  its gradient (padding rows exactly 0)", grad, wantGrad, 1e-6);
}

static void testAdamW() {
    size_t n = 777;
    auto p = randoms(n), m = std::vector<float>(n), v = std::vector<float>(n), decay = std::vector<float>(n);
    for (size_t i = 0; i < n; i++) decay[i] = i % 3 == 0 ? 0.f : 1.f;
    std::vector<double> P(p.begin(), p.end()), M(n), V(n);
    double lr = 1e-2, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
    for (int step = 0; step < 3; step++) {
        auto g = randoms(n);
        double bc1 = 1 - std::pow(b1, step + 1), bc2 = 1 - std::pow(b2, step + 1);
        for (size_t i = 0; i < n; i++) {               // torch.optim.AdamW
            P[i] -= lr * wd * decay[i] * P[i];
            M[i] = b1 * M[i] + (1 - b1) * g[i];
            V[i] = b2 * V[i] + (1 - b2) * (double) g[i] * g[i];
            P[i] -= lr / bc1 * M[i] / (std::sqrt(V[i]) / std::sqrt(bc2) + eps);
        }
        emu::launch(2, 1, 128, 0, [&] {
            adamw(p.data(), g.data(), m.data(), v.data(), decay.data(), n, (float) lr, (float) b1, (float) b2,
                  (float) (1 - b1), (float) (1 - b2), (float) eps,
                  (float) wd, (float) (lr / bc1), (float) std::sqrt(bc2));
        });
    }
    check("AdamW, 3 steps, decay masked (PyTorch's formula)", p, P, 2e-6);
    check("  first moment", m, M, 2e-6);
    check("  second moment", v, V, 2e-6);
}

// SparseAdam on rows 1 and 4 of a (6, 40) table: those rows follow the AdamW formula (no decay), the rest stay.
static void testAdamWRows() {
    const int rows = 6, width = 40;
    const int chosen[] = {4, 1};
    auto p = randoms(rows * width), m = randoms(rows * width), v = randoms(rows * width);
    for (auto& x : v) x = x * x;                        // second moments are non-negative
    std::vector<double> P(p.begin(), p.end()), M(m.begin(), m.end()), V(v.begin(), v.end());
    auto g = randoms(2 * width);
    double lr = 1e-2, b1 = 0.9, b2 = 0.999, eps = 1e-8;
    int step = 4;
    double bc1 = 1 - std::pow(b1, step + 1), bc2 = 1 - std::pow(b2, step + 1);
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < width; c++) {
            size_t at = (size_t) chosen[r] * width + c;
            double grad = g[(size_t) r * width + c];
            M[at] = b1 * M[at] + (1 - b1) * grad;
            V[at] = b2 * V[at] + (1 - b2) * grad * grad;
            P[at] -= lr / bc1 * M[at] / (std::sqrt(V[at]) / std::sqrt(bc2) + eps);
        }
    emu::launch(3, 1, 32, 0, [&] {
        adamw_rows(p.data(), g.data(), m.data(), v.data(), chosen, 2, width, (float) b1, (float) b2, (float) (1 - b1),
                   (float) (1 - b2), (float) eps, (float) (lr / bc1), (float) std::sqrt(bc2));
    });
    check("AdamW on rows 4 and 1 only (SparseAdam); other rows unchanged", p, P, 2e-6);
    check("  first moment", m, M, 2e-6);
    check("  second moment", v, V, 2e-6);
}

int main() {
    testPhilox();
    testElementwise();
    testEmbedding();
    testLayerNorm(true, false);
    testLayerNorm(false, true);
    testAttention();
    testLoss(0.0);
    testLoss(0.1);
    testAdamW();
    testAdamWRows();
    std::printf("%s: %d failed check(s)\n", failures == 0 ? "all kernels pass" : "KERNELS WRONG", failures);
    return failures == 0 ? 0 : 1;
}
