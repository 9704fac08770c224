// The kernel's native guards, in one addon (addon.cc registers them).
#pragma once
#include <v8.h>

namespace feedbacklab {

/** arm(slots): the heap guard (heap-guard.cc). */
void RegisterHeapGuard(v8::Local<v8::Object> exports);

/** run(fn) and interrupt(): the cell interrupt (cell-interrupt.cc). */
void RegisterCellInterrupt(v8::Local<v8::Object> exports);

}  // namespace feedbacklab
