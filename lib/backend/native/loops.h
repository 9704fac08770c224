// The addon's compute pieces, shared by its N-API functions (sgemm.c) and the fused training
// steps (dense-step.c). Sizes and offsets in floats.
#ifndef FEEDBACKLAB_LOOPS_H
#define FEEDBACKLAB_LOOPS_H
#include <stdint.h>

// Element-wise loops (loops.c), vectorised for AVX2 where the CPU has it.
void bias_relu(float* restrict C, const float* restrict bias, int64_t M, int64_t N, int relu);
void adam_update(float* restrict w, const float* restrict g, float* restrict m, float* restrict v, int64_t size, float b1, float b2, float omb1, float omb2, float eps, float c1, float c2, float negLr);
void momentum_update(float* restrict w, const float* restrict g, float* restrict acc, int64_t size, float mom, float negLr);
void add_rows(float* restrict out, const float* restrict x, int64_t rows, int64_t cols);
void relu_mask(float* restrict g, const float* restrict out, int64_t size);
void add_into(float* restrict a, const float* restrict b, int64_t size);

// Row-major C = op(A)·op(B) through OpenBLAS, on one thread or on the allowed maximum as the
// size of the product decides (gemm.c).
void gemm(int transA, int transB, int64_t M, int64_t N, int64_t K, const float* A, const float* B, float* C);
// The thread policy: at most `max` threads, and more than one only for products of at least
// `min_work` multiply-adds (M·N·K). Returns the maximum in force.
int gemm_threads(int max, double min_work, double* min_work_out);
// Whether a fused step whose largest product is `biggest` multiply-adds, on `rows` rows, runs as
// two halves of its batch on two threads (where OpenBLAS's own threads would not be used).
int gemm_split_batch(double biggest, int64_t rows);
// Between these, gemm runs every product on the calling thread alone and may be called from
// two threads at once (the halves of a fused step).
void gemm_serial_begin(void);
void gemm_serial_end(void);

#endif
