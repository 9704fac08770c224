{
  "targets": [
    {
      "target_name": "feedbacklab_blas",
      "sources": ["sgemm.c", "loops.c", "gemm.c", "dense-step.c", "dense-pass.c"],
      "cflags": ["-O3", "-pthread", "-fno-math-errno", "-ffp-contract=off"],
      "libraries": ["-lopenblas", "-lm", "-pthread"]
    }
  ]
}
