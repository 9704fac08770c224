{
  "targets": [
    {
      "target_name": "feedbacklab_blas",
      "sources": ["sgemm.c", "loops.c", "gemm.c", "dense-step.c"],
      "cflags": ["-O3", "-fno-math-errno", "-ffp-contract=off"],
      "libraries": ["-lopenblas", "-lm"]
    }
  ]
}
