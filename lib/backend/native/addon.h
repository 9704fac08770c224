// Argument helpers shared by the addon's N-API functions (defined in sgemm.c).
#ifndef FEEDBACKLAB_ADDON_H
#define FEEDBACKLAB_ADDON_H
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>

napi_value fail(napi_env env, const char* msg);
float* heap_arg(napi_env env, napi_value v, size_t* floats, const char* who);
int64_t int_arg(napi_env env, napi_value v);
double num_arg(napi_env env, napi_value v);
float* call_args(napi_env env, napi_callback_info info, size_t want, napi_value* argv, size_t* floats, const char* who);
void register_dense_steps(napi_env env, napi_value exports);

#endif
