// The kernel's native addon: the heap guard and the cell interrupt. Context-aware, so that the
// side-channel worker loads it too (it interrupts cells); their state is shared by the process.
#include <node.h>

#include "guards.h"

NODE_MODULE_INIT(/* exports, module, context */) {
  feedbacklab::RegisterHeapGuard(exports);
  feedbacklab::RegisterCellInterrupt(exports);
}
