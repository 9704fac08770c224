// A fused training step of a dense ReLU stack, on one thread or as two halves of the batch on two
// (data parallel: each half runs its forward and backward pass with one-thread products, then
// the weight gradients are summed and the optimizer runs once). Two halves pay where the
// products are too small for OpenBLAS's own threads (their hand-offs cost more than they save);
// gemm.c decides. Halves change only the order in which the weight gradients' terms are added.
#include <math.h>
#include <pthread.h>
#include <string.h>
#include "dense-pass.h"
#include "loops.h"

typedef struct {
  const plan_t* p;
  const batch_t* b;
  int64_t lo, hi;  // examples or pairs of this part
  int64_t rows;    // rows through the network
  float* act[MAX_LAYERS + 1];
  float *g, *g2;
  float* dw[MAX_LAYERS];
  float* db[MAX_LAYERS];
  float lossSum, sqSum;
  int64_t correct;
} part_t;

static int64_t widest(const plan_t* p) {
  int64_t w = p->layer[0].in;
  for (int l = 0; l < p->n; l++) if (p->layer[l].out > w) w = p->layer[l].out;
  return w;
}

static int64_t part_rows(const batch_t* b, int64_t lo, int64_t hi) {
  return b->pairwise ? 2 * (hi - lo) : hi - lo;
}

static size_t part_floats(const plan_t* p, int64_t rows) {
  size_t f = (size_t)(rows * p->layer[0].in + 2 * rows * widest(p));
  for (int l = 0; l < p->n; l++) f += (size_t)(rows * p->layer[l].out + p->layer[l].in * p->layer[l].out + p->layer[l].out);
  return f;
}

static float* part_layout(part_t* t, float* s) {
  const plan_t* p = t->p;
  t->act[0] = s;
  s += t->rows * p->layer[0].in;
  for (int l = 0; l < p->n; l++) {
    t->act[l + 1] = s;
    s += t->rows * p->layer[l].out;
    t->dw[l] = s;
    s += p->layer[l].in * p->layer[l].out;
    t->db[l] = s;
    s += p->layer[l].out;
  }
  t->g = s;
  s += t->rows * widest(p);
  t->g2 = s;
  s += t->rows * widest(p);
  return s;
}

size_t dense_step_scratch(const plan_t* p, const batch_t* b, int parts) {
  if (parts == 1) return part_floats(p, part_rows(b, 0, b->count));
  const int64_t mid = b->count / 2;
  return part_floats(p, part_rows(b, 0, mid)) + part_floats(p, part_rows(b, mid, b->count));
}

int dense_step_parts(const plan_t* p, const batch_t* b) {
  double biggest = 0;
  const double rows = (double)part_rows(b, 0, b->count);
  for (int l = 0; l < p->n; l++) {
    const double work = rows * (double)p->layer[l].in * (double)p->layer[l].out;
    if (work > biggest) biggest = work;
  }
  return gemm_split_batch(biggest, (int64_t)rows) ? 2 : 1;
}

// Softmax cross-entropy as TF.js computes it: logp = (l − max) − log Σ exp(l − max);
// loss = −Σ logp[label] / n; dLogits = (exp(logp) − onehot) · (1/n).
static void classifier_loss(part_t* t) {
  const batch_t* b = t->b;
  const int64_t C = t->p->layer[t->p->n - 1].out;
  const float invn = (float)(1.0 / (double)b->count);
  const float* logits = t->act[t->p->n];
  for (int64_t i = 0; i < t->rows; i++) {
    const float* row = logits + i * C;
    float* gi = t->g + i * C;
    const int32_t label = b->y[b->idx[t->lo + i]];
    float mx = row[0];
    int64_t arg = 0;
    for (int64_t j = 1; j < C; j++) {
      if (row[j] > mx) {
        mx = row[j];
        arg = j;
      }
    }
    float sum = 0.0f;
    for (int64_t j = 0; j < C; j++) sum += expf(row[j] - mx);
    const float lse = logf(sum);
    for (int64_t j = 0; j < C; j++) {
      const float lp = (row[j] - mx) - lse;
      if (j == label) t->lossSum -= lp;
      gi[j] = (expf(lp) - (j == label ? 1.0f : 0.0f)) * invn;
    }
    if (arg == label) t->correct++;
  }
}

static float softplusf(float u) {
  return u > 0.0f ? u + log1pf(expf(-u)) : log1pf(expf(u));
}

// As lib/reward/bradley-terry-step.ts: z = s·(r_a − r_b), u = m − z, loss softplus(u);
// dr_a = σ(u)·(s·(−1/n)), dr_b = −dr_a, plus 2c/n·(r_a + r_b) with centring.
static void pair_loss(part_t* t) {
  const batch_t* b = t->b;
  const int64_t n = t->hi - t->lo;
  const float* r = t->act[t->p->n];
  const float negInvn = (float)(-1.0 / (double)b->count), twoC = (float)(2.0 * b->c / (double)b->count);
  for (int64_t i = 0; i < n; i++) {
    const int64_t k = t->lo + i;
    const float z = b->sign[k] * (r[i] - r[n + i]);
    const float u = b->margin ? b->margin[k] - z : -z;
    t->lossSum += softplusf(u);
    const float sig = 1.0f / (1.0f + expf(-u));
    float dra = sig * (b->sign[k] * negInvn);
    float drb = -dra;
    if (b->c > 0.0f) {
      const float sum = r[i] + r[n + i];
      t->sqSum += sum * sum;
      dra += sum * twoC;
      drb += sum * twoC;
    }
    t->g[i] = dra;
    t->g[n + i] = drb;
    if (z > 0.0f) t->correct++;
  }
}

// Input rows, forward pass, loss and the weight gradients of every layer (no update).
static void* run_part(void* arg) {
  part_t* t = (part_t*)arg;
  const plan_t* p = t->p;
  const batch_t* b = t->b;
  const int64_t D = p->layer[0].in, n = t->hi - t->lo;
  if (b->pairwise) {
    memcpy(t->act[0], b->px + t->lo * D, (size_t)(n * D) * sizeof(float));
    memcpy(t->act[0] + n * D, b->px + (b->count + t->lo) * D, (size_t)(n * D) * sizeof(float));
  } else {
    for (int64_t k = 0; k < n; k++) memcpy(t->act[0] + k * D, b->x + (int64_t)b->idx[t->lo + k] * D, (size_t)D * sizeof(float));
  }
  for (int l = 0; l < p->n; l++) {
    const layer_t* L = &p->layer[l];
    gemm(0, 0, t->rows, L->out, L->in, t->act[l], L->w, t->act[l + 1]);
    if (L->b || L->relu) bias_relu(t->act[l + 1], L->b, t->rows, L->out, L->relu);
  }
  if (b->pairwise) pair_loss(t);
  else classifier_loss(t);
  float *g = t->g, *g2 = t->g2;
  for (int l = p->n - 1; l >= 0; l--) {
    const layer_t* L = &p->layer[l];
    if (L->relu) relu_mask(g, t->act[l + 1], t->rows * L->out);
    gemm(1, 0, L->in, L->out, t->rows, t->act[l], g, t->dw[l]);
    if (L->b) add_rows(t->db[l], g, t->rows, L->out);
    if (l > 0) gemm(0, 1, t->rows, L->in, L->out, g, L->w, g2);
    float* swap = g;
    g = g2;
    g2 = swap;
  }
  return NULL;
}

static void update(const plan_t* p, float* w, const float* g, float* a, float* b, int64_t size) {
  if (p->kind == 0) adam_update(w, g, a, b, size, p->b1, p->b2, p->omb1, p->omb2, p->eps, p->c1, p->c2, p->negLr);
  else momentum_update(w, g, a, size, p->mom, p->negLr);
}

void dense_step(const plan_t* p, const batch_t* b, float* scratch, int parts, step_result_t* out) {
  part_t t[2];
  memset(t, 0, sizeof t);
  const int64_t mid = parts == 2 ? b->count / 2 : b->count;
  for (int k = 0; k < parts; k++) {
    t[k].p = p;
    t[k].b = b;
    t[k].lo = k == 0 ? 0 : mid;
    t[k].hi = k == 0 ? mid : b->count;
    t[k].rows = part_rows(b, t[k].lo, t[k].hi);
    scratch = part_layout(&t[k], scratch);
  }
  pthread_t helper;
  // Both halves' products on one thread each; without a helper thread, one half after the other.
  const int threaded = parts == 2 && (gemm_serial_begin(), pthread_create(&helper, NULL, run_part, &t[1]) == 0);
  run_part(&t[0]);
  if (threaded) pthread_join(helper, NULL);
  else if (parts == 2) run_part(&t[1]);
  if (parts == 2) gemm_serial_end();
  for (int l = 0; l < p->n; l++) {
    const layer_t* L = &p->layer[l];
    if (parts == 2) {
      add_into(t[0].dw[l], t[1].dw[l], L->in * L->out);
      if (L->b) add_into(t[0].db[l], t[1].db[l], L->out);
    }
    update(p, L->w, t[0].dw[l], L->wa, L->wb, L->in * L->out);
    if (L->b) update(p, L->b, t[0].db[l], L->ba, L->bb, L->out);
  }
  const float lossSum = parts == 2 ? t[0].lossSum + t[1].lossSum : t[0].lossSum;
  const float sqSum = parts == 2 ? t[0].sqSum + t[1].sqSum : t[0].sqSum;
  out->correct = t[0].correct + (parts == 2 ? t[1].correct : 0);
  out->loss = (double)lossSum / (double)b->count + (b->pairwise && b->c > 0.0f ? (double)b->c * ((double)sqSum / (double)b->count) : 0.0);
}
