// The compute of a fused dense training step (dense-pass.c), apart from its N-API glue (dense-step.c).
#ifndef FEEDBACKLAB_DENSE_PASS_H
#define FEEDBACKLAB_DENSE_PASS_H
#include <stddef.h>
#include <stdint.h>

#define MAX_LAYERS 64

typedef struct {
  int64_t in, out;
  int relu;
  float *w, *b, *wa, *wb, *ba, *bb; // weights, bias (or NULL) and their optimizer slots
} layer_t;

typedef struct {
  int n;
  int kind; // 0 Adam, 1 SGD with momentum
  float negLr, b1, b2, omb1, omb2, eps, c1, c2, mom;
  layer_t layer[MAX_LAYERS];
} plan_t;

// A batch: examples `idx` of x (softmax cross-entropy on labels y), or `pairs` pairs whose first
// items are the first `pairs` rows of px and second items the next `pairs` (Bradley-Terry).
typedef struct {
  int pairwise;
  int64_t count; // examples or pairs
  const float* x;
  const int32_t* idx;
  const int32_t* y;
  const float *px, *sign, *margin;
  float c;
} batch_t;

typedef struct {
  double loss;
  int64_t correct;
} step_result_t;

// Scratch floats dense_step needs for this batch, split in `parts` (1 or 2).
size_t dense_step_scratch(const plan_t* p, const batch_t* b, int parts);
// Whether a step of this batch runs as two halves on two threads (gemm.c's policy).
int dense_step_parts(const plan_t* p, const batch_t* b);
// One step: forward, loss, backward and update of every layer, in `parts` halves of the batch.
void dense_step(const plan_t* p, const batch_t* b, float* scratch, int parts, step_result_t* out);

#endif
