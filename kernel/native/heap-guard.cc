// Out of memory in a cell, told to the user instead of a silent death. Near V8's heap limit the
// kernel gets headroom once and the side-channel worker stops the cell (as an interrupt does);
// variables are kept. Code that never yields to an interrupt (a builtin such as
// Array.prototype.fill) reaches the limit anyway: then the worker publishes the error and idle
// on iopub before the process ends, and Jupyter restarts the kernel.
#include <node.h>
#include <v8.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
#include <fcntl.h>
#include <unistd.h>

#include "guards.h"

namespace {

// Slots of the shared Int32Array (kernel/execution/heap-guard.ts names them too).
enum Slot { NEAR_LIMIT = 0, FATAL = 1, LIMIT_MIB = 2 };
enum Fatal { NONE = 0, DYING = 1, PUBLISHED = 2 };

std::shared_ptr<v8::BackingStore> store;
std::atomic<int32_t>* slots = nullptr;
// The write end of a pipe the worker listens on: a byte wakes it when a slot changes (write(2)
// allocates nothing, so it is safe inside V8's callbacks; a full pipe just drops the byte).
int wakeFd = -1;

void Wake() {
  if (wakeFd >= 0) (void)!write(wakeFd, "!", 1);
}

size_t NearLimit(void*, size_t current, size_t initial) {
  slots[NEAR_LIMIT].fetch_add(1);
  Wake();
  // Headroom once, for the cell to be stopped; V8 restores the limit when the heap shrinks.
  if (current > initial) return current;
  size_t extra = current / 2 > (size_t{256} << 20) ? current / 2 : (size_t{256} << 20);
  return current + extra;
}

void OutOfMemory(const char* location, const v8::OOMDetails& details) {
  slots[FATAL].store(DYING);
  Wake();
  // Give the worker up to a second to get the error out.
  for (int i = 0; i < 200 && slots[FATAL].load() != PUBLISHED; i++) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // ZeroMQ's I/O thread sends it
  std::fprintf(stderr, "[feedbacklab] out of memory (%s%s%s): the kernel process ends; Jupyter restarts it\n", location ? location : "", details.detail ? ": " : "", details.detail ? details.detail : "");
  std::fflush(stderr);
  _exit(134);
}

// arm(Int32Array on a SharedArrayBuffer) -> fd: installs both handlers on this isolate; returns
// the read end of the wake-up pipe.
void Arm(const v8::FunctionCallbackInfo<v8::Value>& args) {
  v8::Isolate* isolate = args.GetIsolate();
  if (args.Length() < 1 || !args[0]->IsInt32Array()) {
    isolate->ThrowException(v8::Exception::TypeError(v8::String::NewFromUtf8Literal(isolate, "arm(slots): an Int32Array on a SharedArrayBuffer")));
    return;
  }
  v8::Local<v8::Int32Array> array = args[0].As<v8::Int32Array>();
  if (array->Length() < 3) {
    isolate->ThrowException(v8::Exception::RangeError(v8::String::NewFromUtf8Literal(isolate, "arm(slots): needs 3 slots")));
    return;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    isolate->ThrowException(v8::Exception::Error(v8::String::NewFromUtf8Literal(isolate, "arm(slots): no pipe for the worker's wake-ups")));
    return;
  }
  wakeFd = fds[1];
  store = array->Buffer()->GetBackingStore();
  slots = reinterpret_cast<std::atomic<int32_t>*>(static_cast<char*>(store->Data()) + array->ByteOffset());
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  slots[LIMIT_MIB].store(static_cast<int32_t>(stats.heap_size_limit() >> 20));
  isolate->AddNearHeapLimitCallback(NearLimit, nullptr);
  isolate->AutomaticallyRestoreInitialHeapLimit(0.5);
  isolate->SetOOMErrorHandler(OutOfMemory);
  args.GetReturnValue().Set(fds[0]);
}

}  // namespace

namespace feedbacklab {

void RegisterHeapGuard(v8::Local<v8::Object> exports) {
  NODE_SET_METHOD(exports, "arm", Arm);
}

}  // namespace feedbacklab
