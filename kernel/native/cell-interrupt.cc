// Interrupting a cell's synchronous code. vm's breakOnSigint starts a watchdog thread for every
// run and joins it after (90 us a cell, and milliseconds when the machine is busy: the tail of
// the kernel's round trip); here the main thread marks the cell as running, the side-channel
// worker terminates it with V8's TerminateExecution (thread-safe, what the watchdog calls too),
// and run() turns that termination into an ordinary error, so the kernel's own code goes on.
#include <node.h>
#include <v8.h>

#include <mutex>

#include "guards.h"

namespace {

std::mutex mutex;
v8::Isolate* running = nullptr;  // the isolate of the cell that runs now, if one does
bool terminated = false;         // interrupt() terminated it

v8::Local<v8::String> Text(v8::Isolate* isolate, const char* text) {
  return v8::String::NewFromUtf8(isolate, text).ToLocalChecked();
}

// run(fn) -> fn(): while fn runs, interrupt() from any thread stops it; the call then throws
// an Error whose code is ERR_SCRIPT_EXECUTION_INTERRUPTED (as vm's breakOnSigint does).
void Run(const v8::FunctionCallbackInfo<v8::Value>& args) {
  v8::Isolate* isolate = args.GetIsolate();
  if (args.Length() < 1 || !args[0]->IsFunction()) {
    isolate->ThrowException(v8::Exception::TypeError(Text(isolate, "run(fn): fn must be a function")));
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (running != nullptr) {
      isolate->ThrowException(v8::Exception::Error(Text(isolate, "run(fn): a cell is already running")));
      return;
    }
    running = isolate;
    terminated = false;
  }
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::MaybeLocal<v8::Value> result;
  bool stopped;
  {
    v8::TryCatch tryCatch(isolate);
    result = args[0].As<v8::Function>()->Call(context, v8::Undefined(isolate), 0, nullptr);
    {
      std::lock_guard<std::mutex> lock(mutex);
      running = nullptr;
      stopped = terminated;
      terminated = false;
    }
    if (stopped) {
      // Also when fn had just returned: the termination would otherwise land in kernel code.
      isolate->CancelTerminateExecution();
    } else if (tryCatch.HasCaught()) {
      // fn's own exception goes on to the caller; a termination from elsewhere (the
      // inspector's, the process ending) goes on as it is.
      if (!tryCatch.HasTerminated()) tryCatch.ReThrow();
      return;
    }
  }
  if (stopped) {
    v8::Local<v8::Value> error = v8::Exception::Error(Text(isolate, "Script execution was interrupted"));
    (void)error.As<v8::Object>()->Set(context, Text(isolate, "code"), Text(isolate, "ERR_SCRIPT_EXECUTION_INTERRUPTED"));
    isolate->ThrowException(error);
    return;
  }
  args.GetReturnValue().Set(result.ToLocalChecked());
}

// interrupt() -> whether a cell was running and is being stopped. From any thread.
void Interrupt(const v8::FunctionCallbackInfo<v8::Value>& args) {
  std::lock_guard<std::mutex> lock(mutex);
  bool stopping = running != nullptr;
  if (stopping && !terminated) {
    terminated = true;
    running->TerminateExecution();
  }
  args.GetReturnValue().Set(stopping);
}

}  // namespace

namespace feedbacklab {

void RegisterCellInterrupt(v8::Local<v8::Object> exports) {
  NODE_SET_METHOD(exports, "run", Run);
  NODE_SET_METHOD(exports, "interrupt", Interrupt);
}

}  // namespace feedbacklab
