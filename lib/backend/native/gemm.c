// Matrix products through OpenBLAS with a thread count chosen by size: thread hand-offs cost
// more than they save on small products (a Bradley-Terry step ran 0.87× as fast on two threads),
// while large ones run up to 1.9× faster. The maximum is what OpenBLAS chose at load, which
// honours the user's OPENBLAS_NUM_THREADS / OMP_NUM_THREADS (and OPENBLAS_CORETYPE is never
// touched).
#include <cblas.h>
#include "loops.h"

int openblas_get_num_threads(void);
void openblas_set_num_threads(int);

static int max_threads = -1; // -1: not read yet
static int current_threads = -1;
// Multiply-adds (M·N·K) from which a product uses every allowed thread. Measured on the 2-core
// machine when quiet (issue 17): the Bradley-Terry model's products (4–8.4M) ran 0.87× as fast on
// two threads, the MLP's (20–40M) 1.12–1.15× and 1024³ 1.84–1.97× faster. bench/thread-threshold.ts
// measures it per shape; under load it finds no size where two threads win.
static double threshold = 1.6e7;

// Fused steps whose products are all below the threshold split their batch in two halves on two
// threads from this many rows (32 a half): one hand-off a step instead of one a product.
#define SPLIT_MIN_ROWS 64
static int serial = 0;

static void use_threads(int n) {
  if (n != current_threads) {
    openblas_set_num_threads(n);
    current_threads = n;
  }
}

int gemm_threads(int max, double min_work, double* min_work_out) {
  if (max_threads < 0) max_threads = openblas_get_num_threads();
  if (max > 0) max_threads = max;
  if (min_work >= 0) threshold = min_work;
  if (min_work_out) *min_work_out = threshold;
  return max_threads;
}

int gemm_split_batch(double biggest, int64_t rows) {
  if (max_threads < 0) gemm_threads(0, -1, 0);
  return max_threads >= 2 && rows >= SPLIT_MIN_ROWS && biggest < threshold;
}

void gemm_serial_begin(void) {
  use_threads(1);
  serial = 1;
}

void gemm_serial_end(void) {
  serial = 0;
}

void gemm(int transA, int transB, int64_t M, int64_t N, int64_t K, const float* A, const float* B, float* C) {
  if (max_threads < 0) gemm_threads(0, -1, 0);
  if (!serial) use_threads((double)M * (double)N * (double)K >= threshold ? max_threads : 1);
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, (int)M, (int)N, (int)K, 1.0f, A,
              transA ? (int)M : (int)K, B, transB ? (int)K : (int)N, 0.0f, C, (int)N);
}
