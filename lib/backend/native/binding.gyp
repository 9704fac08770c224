{
  "targets": [
    {
      "target_name": "feedbacklab_blas",
      "sources": ["sgemm.c"],
      "cflags": ["-O3"],
      "libraries": ["-lopenblas", "-lm"]
    }
  ]
}
