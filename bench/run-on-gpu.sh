#!/usr/bin/env bash
# Runs the training bench on a GPU machine from what bench/pack-for-gpu.sh packed (the device
# tool, carry [".gpu-carry"]): WebGPU through Dawn on the NVIDIA driver's Vulkan, next to wasm
# and cpu. Results go to $OUT (or ./gpu-out): bench.txt, bench.json, gpu.txt.
set -uo pipefail
here="$PWD"
out="${OUT:-$here/gpu-out}"; mkdir -p "$out"
for f in .gpu-carry/debs/*.deb; do [ -e "$f" ] && dpkg -x "$f" /; done; ldconfig 2>/dev/null || true
# Where the NVIDIA driver keeps its Vulkan ICD on these machines (device README).
if [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json; fi
work=/tmp/feedbacklab-gpu; rm -rf "$work"; mkdir -p "$work"
tar -xJf .gpu-carry/carry.tar.xz -C "$work"
{ nvidia-smi -L 2>&1; echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"; } > "$out/gpu.txt"
cd "$work"
FEEDBACKLAB_PYTHON="${FEEDBACKLAB_PYTHON:-$(command -v python3)}" ./.gpu-carry/bin/node dist/bench/training-bench.js --quick > "$out/bench.txt" 2>&1
status=$?
cp reports/bench.json "$out/" 2>/dev/null
tail -12 "$out/bench.txt"
exit $status
