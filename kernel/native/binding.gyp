{
  "targets": [
    {
      "target_name": "feedbacklab_heap_guard",
      "sources": ["heap-guard.cc"],
      "cflags_cc": ["-O2"]
    }
  ]
}
