// Whole training steps of dense ReLU stacks (what mlp() and rewardModel() build) in one native
// call: batch gather, forward pass, loss, backward pass and optimizer update, on weights and
// optimizer slots that live in the TF.js wasm heap. The same arithmetic as the TF.js path
// (lib/train/classifier-step.ts, lib/reward/bradley-terry-step.ts), without ~30–80 kernel
// launches and their JavaScript per step.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "addon.h"
#include "dense-pass.h"

#define PLAN_HEAD 8
#define PLAN_LAYER 9

// Per-environment scratch memory, grown as needed and kept between steps (page faults of fresh
// megabytes each step would cost more than small models' whole steps).
typedef struct {
  float* buf;
  size_t cap;
} scratch_t;

static void free_scratch(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  scratch_t* s = (scratch_t*)data;
  free(s->buf);
  free(s);
}

static float* scratch(napi_env env, size_t floats) {
  scratch_t* s = NULL;
  napi_get_instance_data(env, (void**)&s);
  if (!s) {
    s = (scratch_t*)calloc(1, sizeof *s);
    if (!s) return NULL;
    napi_set_instance_data(env, s, free_scratch, NULL);
  }
  if (s->cap < floats) {
    free(s->buf);
    s->buf = (float*)malloc(floats * sizeof(float));
    s->cap = s->buf ? floats : 0;
  }
  return s->buf;
}

static int typed(napi_env env, napi_value v, napi_typedarray_type want, void** data, size_t* len) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_null || t == napi_undefined) {
    *data = NULL;
    *len = 0;
    return 1;
  }
  bool is = false;
  napi_is_typedarray(env, v, &is);
  if (!is) return 0;
  napi_typedarray_type type;
  napi_value ab;
  size_t off;
  if (napi_get_typedarray_info(env, v, &type, len, data, &ab, &off) != napi_ok || type != want) return 0;
  return 1;
}

// Reads the plan (see lib/train/native-dense-step.ts for its layout); NULL or an error message.
static const char* read_plan(napi_env env, napi_value v, float* heap, size_t floats, plan_t* p) {
  double* d = NULL;
  size_t len = 0;
  if (!typed(env, v, napi_float64_array, (void**)&d, &len) || !d || len < PLAN_HEAD) return "the plan must be a Float64Array";
  p->n = (int)d[0];
  p->kind = (int)d[1];
  if (p->n < 1 || p->n > MAX_LAYERS || len != (size_t)(PLAN_HEAD + PLAN_LAYER * p->n) || (p->kind != 0 && p->kind != 1)) return "the plan's layer count or optimizer is invalid";
  p->negLr = (float)(-d[2]);
  if (p->kind == 0) {
    p->b1 = (float)d[3];
    p->b2 = (float)d[4];
    p->omb1 = (float)(1.0 - d[3]);
    p->omb2 = (float)(1.0 - d[4]);
    p->eps = (float)d[5];
    p->c1 = (float)d[6];
    p->c2 = (float)d[7];
  } else {
    p->mom = (float)d[3];
  }
  for (int l = 0; l < p->n; l++) {
    const double* q = d + PLAN_HEAD + PLAN_LAYER * l;
    layer_t* L = &p->layer[l];
    L->in = (int64_t)q[0];
    L->out = (int64_t)q[1];
    L->relu = q[2] != 0;
    if (L->in < 1 || L->out < 1 || (l > 0 && L->in != p->layer[l - 1].out)) return "the plan's layer sizes do not chain";
    const int64_t wsize = L->in * L->out;
    float** ptrs[6] = {&L->w, &L->b, &L->wa, &L->wb, &L->ba, &L->bb};
    const int64_t sizes[6] = {wsize, L->out, wsize, wsize, L->out, L->out};
    for (int k = 0; k < 6; k++) {
      const int64_t off = (int64_t)q[3 + k];
      const int optional = k == 1 || k == 4 || k == 5 || (k == 3 && p->kind == 1);
      if (off < 0 && optional) {
        *ptrs[k] = NULL;
        continue;
      }
      if (off < 0 || (size_t)(off + sizes[k]) > floats) return "a weight or optimizer slot lies outside the heap";
      *ptrs[k] = heap + off;
    }
    if (L->b && (!L->ba || (p->kind == 0 && !L->bb))) return "a bias has no optimizer slot";
  }
  return NULL;
}

static napi_value fail_fmt(napi_env env, const char* who, const char* what) {
  char msg[200];
  snprintf(msg, sizeof msg, "%s: %s", who, what);
  return fail(env, msg);
}

// The arguments both steps start with, (heap, plan, …) of 7: the heap, or NULL once an error is thrown.
static float* step_args(napi_env env, napi_callback_info info, napi_value argv[7], size_t* floats, plan_t* p, const char* who) {
  float* heap = call_args(env, info, 7, argv, floats, who);
  if (!heap) return NULL;
  const char* bad = read_plan(env, argv[1], heap, *floats, p);
  if (bad) {
    fail_fmt(env, who, bad);
    return NULL;
  }
  return heap;
}

static napi_value run_step(napi_env env, const char* who, const plan_t* p, const batch_t* b, double* out) {
  const int parts = dense_step_parts(p, b);
  float* s = scratch(env, dense_step_scratch(p, b, parts));
  if (!s) return fail_fmt(env, who, "out of memory");
  step_result_t r;
  dense_step(p, b, s, parts, &r);
  out[0] = r.loss;
  out[1] = (double)r.correct;
  return NULL;
}

// classifierStep(heap, plan, xOff, xRows, yOff, idx: Int32Array, out: Float64Array)
// One step on the softmax cross-entropy of int32 labels for the rows idx of x (xRows × in) and y:
// out = [mean loss, correct predictions].
static napi_value classifier_step(napi_env env, napi_callback_info info) {
  const char* who = "classifierStep";
  napi_value argv[7];
  size_t floats = 0;
  plan_t p;
  float* heap = step_args(env, info, argv, &floats, &p, who);
  if (!heap) return NULL;
  const int64_t xOff = int_arg(env, argv[2]), xRows = int_arg(env, argv[3]), yOff = int_arg(env, argv[4]);
  int32_t* idx = NULL;
  double* out = NULL;
  size_t n = 0, outLen = 0;
  if (!typed(env, argv[5], napi_int32_array, (void**)&idx, &n) || !idx || n == 0) return fail_fmt(env, who, "idx must be a non-empty Int32Array");
  if (!typed(env, argv[6], napi_float64_array, (void**)&out, &outLen) || outLen < 2) return fail_fmt(env, who, "out must be a Float64Array of 2");
  const int64_t D = p.layer[0].in, C = p.layer[p.n - 1].out, rows = (int64_t)n;
  if (xOff < 0 || yOff < 0 || (size_t)(xOff + xRows * D) > floats || (size_t)(yOff + xRows) > floats) return fail_fmt(env, who, "x or y lies outside the heap");
  const int32_t* y = (const int32_t*)(heap + yOff);
  for (int64_t k = 0; k < rows; k++) {
    if (idx[k] < 0 || idx[k] >= xRows) {
      char msg[160];
      snprintf(msg, sizeof msg, "%s: row index %d is not in [0, %lld)", who, idx[k], (long long)xRows);
      return fail(env, msg);
    }
    const int32_t label = y[idx[k]];
    if (label < 0 || label >= C) {
      char msg[200];
      snprintf(msg, sizeof msg, "%s: the label of example %d is %d: expected a class index in [0, %lld)", who, idx[k], label, (long long)C);
      return fail(env, msg);
    }
  }
  const batch_t batch = {.pairwise = 0, .count = rows, .x = heap + xOff, .idx = idx, .y = y};
  return run_step(env, who, &p, &batch, out);
}

// pairStep(heap, plan, x: Float32Array [2·pairs × in], sign: Float32Array, margin: Float32Array | null, center, out)
// One step on the Bradley-Terry loss mean softplus(m − z) + c·mean((r_a + r_b)²), z = s·(r_a − r_b),
// rows 0..pairs−1 of x the first items and pairs..2·pairs−1 the second: out = [loss, pairs with z > 0].
static napi_value pair_step(napi_env env, napi_callback_info info) {
  const char* who = "pairStep";
  napi_value argv[7];
  size_t floats = 0;
  plan_t p;
  float* heap = step_args(env, info, argv, &floats, &p, who);
  if (!heap) return NULL;
  float *x = NULL, *sign = NULL, *margin = NULL;
  double* out = NULL;
  size_t xLen = 0, n = 0, mLen = 0, outLen = 0;
  if (!typed(env, argv[2], napi_float32_array, (void**)&x, &xLen) || !x) return fail_fmt(env, who, "x must be a Float32Array");
  if (!typed(env, argv[3], napi_float32_array, (void**)&sign, &n) || !sign || n == 0) return fail_fmt(env, who, "sign must be a non-empty Float32Array");
  if (!typed(env, argv[4], napi_float32_array, (void**)&margin, &mLen) || (margin && mLen != n)) return fail_fmt(env, who, "margin must be null or a Float32Array with one value per pair");
  const float c = (float)num_arg(env, argv[5]);
  if (!typed(env, argv[6], napi_float64_array, (void**)&out, &outLen) || outLen < 2) return fail_fmt(env, who, "out must be a Float64Array of 2");
  const int64_t D = p.layer[0].in, rows = 2 * (int64_t)n;
  if (p.layer[p.n - 1].out != 1) return fail_fmt(env, who, "the network must output one reward per item");
  if (xLen != (size_t)(rows * D)) return fail_fmt(env, who, "x must hold 2·pairs rows of the network's input size");
  const batch_t batch = {.pairwise = 1, .count = (int64_t)n, .px = x, .sign = sign, .margin = margin, .c = c};
  return run_step(env, who, &p, &batch, out);
}

void register_dense_steps(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "classifierStep", NAPI_AUTO_LENGTH, classifier_step, NULL, &fn);
  napi_set_named_property(env, exports, "classifierStep", fn);
  napi_create_function(env, "pairStep", NAPI_AUTO_LENGTH, pair_step, NULL, &fn);
  napi_set_named_property(env, exports, "pairStep", fn);
}
