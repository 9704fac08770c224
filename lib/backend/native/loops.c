// The element-wise loops of training, compiled twice, for AVX2 and for any x86-64, with the
// loader picking one for the machine at hand: 8 floats a step where the CPU allows, and no crash
// where it does not (the addon is built where npm install runs, but folders get copied). They
// vectorise because their pointers are `restrict` (operands never overlap) and the build passes
// -fno-math-errno (sqrtf has no errno branch); -ffp-contract=off keeps every multiply and add
// rounded on its own, as in TF.js, so packed results are bit-identical to the scalar ones.
// test/lib/backend/native-vector.test.ts checks the AVX2 clones hold packed ymm instructions.
#include <math.h>
#include <string.h>
#include "loops.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

VECTOR_CLONES
void bias_relu(float* restrict C, const float* restrict bias, int64_t M, int64_t N, int relu) {
  for (int64_t i = 0; i < M; i++) {
    float* restrict row = C + i * N;
    for (int64_t j = 0; j < N; j++) {
      float v = row[j] + (bias ? bias[j] : 0.0f);
      row[j] = relu && v < 0.0f ? 0.0f : v;
    }
  }
}

// One Adam step in the order and float32 rounding of TF.js's AdamOptimizer.
VECTOR_CLONES
void adam_update(float* restrict w, const float* restrict g, float* restrict m, float* restrict v, int64_t size, float b1, float b2, float omb1, float omb2, float eps, float c1, float c2, float negLr) {
  for (int64_t i = 0; i < size; i++) {
    const float mi = m[i] * b1 + g[i] * omb1;
    const float vi = v[i] * b2 + (g[i] * g[i]) * omb2;
    m[i] = mi;
    v[i] = vi;
    w[i] = ((mi / c1) / (sqrtf(vi / c2) + eps)) * negLr + w[i];
  }
}

// SGD with momentum in the order and float32 rounding of TF.js's MomentumOptimizer (no Nesterov):
// acc = momentum·acc + g; var = (−lr)·acc + var.
VECTOR_CLONES
void momentum_update(float* restrict w, const float* restrict g, float* restrict acc, int64_t size, float mom, float negLr) {
  for (int64_t i = 0; i < size; i++) {
    const float a = mom * acc[i] + g[i];
    acc[i] = a;
    w[i] = negLr * a + w[i];
  }
}

// out[j] = x[0][j] + x[1][j] + ... in float32, rows in order (the order TF.js adds them).
VECTOR_CLONES
void add_rows(float* restrict out, const float* restrict x, int64_t rows, int64_t cols) {
  memset(out, 0, (size_t)cols * sizeof(float));
  for (int64_t i = 0; i < rows; i++) {
    const float* restrict row = x + i * cols;
    for (int64_t j = 0; j < cols; j++) out[j] += row[j];
  }
}

// The gradient through ReLU: g where the output is positive, else 0. TF.js multiplies by
// step(out), which gives the same values (−0 for +0 aside, and NaN for a non-finite g where the
// unit is off); GCC will not vectorise that product, as it cannot speculate g·0.
VECTOR_CLONES
void relu_mask(float* restrict g, const float* restrict out, int64_t size) {
  for (int64_t i = 0; i < size; i++) g[i] = out[i] > 0.0f ? g[i] : 0.0f;
}

// a += b (the two halves' weight gradients of a fused step).
VECTOR_CLONES
void add_into(float* restrict a, const float* restrict b, int64_t size) {
  for (int64_t i = 0; i < size; i++) a[i] += b[i];
}
