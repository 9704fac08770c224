{
  "targets": [
    {
      "target_name": "feedbacklab_kernel",
      "sources": ["addon.cc", "heap-guard.cc", "cell-interrupt.cc"],
      "cflags_cc": ["-O2"]
    }
  ]
}
