// N-API addon: single-precision matrix products with OpenBLAS (gemm.c picks their thread count by
// size), the loops training needs next to them (Adam's and SGD momentum's updates, bias
// gradients: loops.c) and whole dense training steps (dense-step.c), on operands that live in
// the TF.js wasm backend's heap. Offsets and sizes are in floats; the heap is passed as an ArrayBuffer.
#include <node_api.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <stdio.h>
#include "addon.h"
#include "loops.h"

napi_value fail(napi_env env, const char* msg) {
  napi_throw_error(env, NULL, msg);
  return NULL;
}

// The wasm heap passed as an ArrayBuffer: its floats, or NULL (with a JS error thrown).
float* heap_arg(napi_env env, napi_value v, size_t* floats, const char* who) {
  void* data = NULL;
  size_t bytes = 0;
  if (napi_get_arraybuffer_info(env, v, &data, &bytes) != napi_ok) {
    char msg[96];
    snprintf(msg, sizeof msg, "%s: heap must be an ArrayBuffer", who);
    napi_throw_error(env, NULL, msg);
    return NULL;
  }
  *floats = bytes / sizeof(float);
  return (float*)data;
}

int64_t int_arg(napi_env env, napi_value v) {
  int64_t out = 0;
  napi_get_value_int64(env, v, &out);
  return out;
}

// Every function's start: exactly `want` arguments into argv, the first the heap. Returns the
// heap's floats (their count in *floats), or NULL with a JS error thrown.
float* call_args(napi_env env, napi_callback_info info, size_t want, napi_value* argv, size_t* floats, const char* who) {
  size_t argc = want;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != want) {
    char msg[96];
    snprintf(msg, sizeof msg, "%s: expected %zu arguments, got %zu", who, want, argc);
    napi_throw_error(env, NULL, msg);
    return NULL;
  }
  return heap_arg(env, argv[0], floats, who);
}

// matmul(heap, aOff, bOff, outOff, batchA, batchB, M, N, K, transA, transB, biasOff, activation)
// out[b] = act(op(A[b]) · op(B[b]) + bias); batchA/batchB of 1 broadcast; biasOff < 0 means none;
// activation 0 = linear, 1 = relu.
static napi_value matmul(napi_env env, napi_callback_info info) {
  napi_value argv[13];
  size_t floats = 0;
  float* heap = call_args(env, info, 13, argv, &floats, "matmul");
  if (!heap) return NULL;
  int64_t aOff = int_arg(env, argv[1]), bOff = int_arg(env, argv[2]), oOff = int_arg(env, argv[3]);
  int64_t batchA = int_arg(env, argv[4]), batchB = int_arg(env, argv[5]);
  int64_t M = int_arg(env, argv[6]), N = int_arg(env, argv[7]), K = int_arg(env, argv[8]);
  bool ta = false, tb = false;
  napi_get_value_bool(env, argv[9], &ta);
  napi_get_value_bool(env, argv[10], &tb);
  int64_t biasOff = int_arg(env, argv[11]);
  int64_t act = int_arg(env, argv[12]);
  int64_t batch = batchA > batchB ? batchA : batchB;
  if (aOff < 0 || bOff < 0 || oOff < 0 || (size_t)(aOff + batchA * M * K) > floats || (size_t)(bOff + batchB * K * N) > floats ||
      (size_t)(oOff + batch * M * N) > floats || (biasOff >= 0 && (size_t)(biasOff + N) > floats)) {
    return fail(env, "matmul: an operand lies outside the heap");
  }
  for (int64_t b = 0; b < batch; b++) {
    const float* A = heap + aOff + (batchA == 1 ? 0 : b * M * K);
    const float* B = heap + bOff + (batchB == 1 ? 0 : b * K * N);
    float* C = heap + oOff + b * M * N;
    gemm(ta, tb, M, N, K, A, B, C);
    if (biasOff >= 0 || act == 1) bias_relu(C, biasOff >= 0 ? heap + biasOff : NULL, M, N, act == 1);
  }
  return NULL;
}

double num_arg(napi_env env, napi_value v) {
  double out = 0;
  napi_get_value_double(env, v, &out);
  return out;
}

// adam(heap, varOff, gradOff, mOff, vOff, size, lr, beta1, beta2, epsilon, oneMinusAccBeta1, oneMinusAccBeta2)
// One Adam step in place, in the order and float32 rounding of TF.js's AdamOptimizer:
// m = m·β1 + g·(1−β1); v = v·β2 + g²·(1−β2); var = (m/(1−β1^t)) / (sqrt(v/(1−β2^t)) + ε) · (−lr) + var.
static napi_value adam(napi_env env, napi_callback_info info) {
  napi_value argv[12];
  size_t floats = 0;
  float* heap = call_args(env, info, 12, argv, &floats, "adam");
  if (!heap) return NULL;
  int64_t offs[4];
  for (int i = 0; i < 4; i++) offs[i] = int_arg(env, argv[1 + i]);
  int64_t size = int_arg(env, argv[5]);
  for (int i = 0; i < 4; i++) {
    if (offs[i] < 0 || (size_t)(offs[i] + size) > floats) return fail(env, "adam: an operand lies outside the heap");
  }
  const double lr = num_arg(env, argv[6]), beta1 = num_arg(env, argv[7]), beta2 = num_arg(env, argv[8]);
  const float b1 = (float)beta1, b2 = (float)beta2, omb1 = (float)(1.0 - beta1), omb2 = (float)(1.0 - beta2);
  const float eps = (float)num_arg(env, argv[9]), c1 = (float)num_arg(env, argv[10]), c2 = (float)num_arg(env, argv[11]);
  const float negLr = (float)(-lr);
  float* w = heap + offs[0];
  const float* g = heap + offs[1];
  float* m = heap + offs[2];
  float* v = heap + offs[3];
  adam_update(w, g, m, v, size, b1, b2, omb1, omb2, eps, c1, c2, negLr);
  return NULL;
}

// momentum(heap, varOff, gradOff, accOff, size, lr, momentum): one step of SGD with momentum in place.
static napi_value momentum(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  size_t floats = 0;
  float* heap = call_args(env, info, 7, argv, &floats, "momentum");
  if (!heap) return NULL;
  int64_t offs[3];
  for (int i = 0; i < 3; i++) offs[i] = int_arg(env, argv[1 + i]);
  int64_t size = int_arg(env, argv[4]);
  for (int i = 0; i < 3; i++) {
    if (offs[i] < 0 || size < 0 || (size_t)(offs[i] + size) > floats) return fail(env, "momentum: an operand lies outside the heap");
  }
  const float negLr = (float)(-num_arg(env, argv[5])), mom = (float)num_arg(env, argv[6]);
  momentum_update(heap + offs[0], heap + offs[1], heap + offs[2], size, mom, negLr);
  return NULL;
}

// sum_rows(heap, xOff, outOff, rows, cols): out[j] = x[0][j] + x[1][j] + ... in float32, rows in
// order (the order TF.js's kernels add them). The bias gradient of every dense layer.
static napi_value sum_rows(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  size_t floats = 0;
  float* heap = call_args(env, info, 5, argv, &floats, "sumRows");
  if (!heap) return NULL;
  int64_t xOff = int_arg(env, argv[1]), oOff = int_arg(env, argv[2]), rows = int_arg(env, argv[3]), cols = int_arg(env, argv[4]);
  if (xOff < 0 || oOff < 0 || rows < 0 || cols < 0 || (size_t)(xOff + rows * cols) > floats || (size_t)(oOff + cols) > floats) {
    return fail(env, "sumRows: an operand lies outside the heap");
  }
  add_rows(heap + oOff, heap + xOff, rows, cols);
  return NULL;
}

// threads(max, minWork): sets the thread policy of the products (max ≤ 0 or minWork < 0 leave
// that part as it is) and returns [max threads, min multiply-adds for more than one].
static napi_value threads(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  size_t argc = 2;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 2) return fail(env, "threads: expected 2 arguments (max threads, min multiply-adds)");
  double minWork = 0;
  int max = gemm_threads((int)int_arg(env, argv[0]), num_arg(env, argv[1]), &minWork);
  napi_value out, a, b;
  napi_create_array_with_length(env, 2, &out);
  napi_create_int32(env, max, &a);
  napi_create_double(env, minWork, &b);
  napi_set_element(env, out, 0, a);
  napi_set_element(env, out, 1, b);
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "matmul", NAPI_AUTO_LENGTH, matmul, NULL, &fn);
  napi_set_named_property(env, exports, "matmul", fn);
  napi_create_function(env, "adam", NAPI_AUTO_LENGTH, adam, NULL, &fn);
  napi_set_named_property(env, exports, "adam", fn);
  napi_create_function(env, "momentum", NAPI_AUTO_LENGTH, momentum, NULL, &fn);
  napi_set_named_property(env, exports, "momentum", fn);
  napi_create_function(env, "threads", NAPI_AUTO_LENGTH, threads, NULL, &fn);
  napi_set_named_property(env, exports, "threads", fn);
  register_dense_steps(env, exports);
  napi_create_function(env, "sumRows", NAPI_AUTO_LENGTH, sum_rows, NULL, &fn);
  napi_set_named_property(env, exports, "sumRows", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
