#!/usr/bin/env bash
# Packs what `node dist/bench/training-bench.js` needs into .gpu-carry/ (ignored by git, under
# the device tool's 64 MiB): the node binary, the files the bench loads from node_modules (found
# by running it once here), dist/, and Vulkan's loader from Debian. A GPU machine has no npm and
# no network; bench/run-on-gpu.sh unpacks this there. Run after `npm ci` and `npm run build`:
#   bash bench/pack-for-gpu.sh      then on the device tool: carry [".gpu-carry"],
#   command "bash bench/run-on-gpu.sh"
set -euo pipefail
cd "$(dirname "$0")/.."
out=.gpu-carry
rm -rf "$out" && mkdir -p "$out"
list="$PWD/$out/loaded.txt"
echo "running the quick bench once to find the files it loads..."
FEEDBACKLAB_LOADED_LIST="$list" FEEDBACKLAB_PYTHON=/nonexistent node -r ./bench/record-loaded.cjs dist/bench/training-bench.js --quick >/dev/null 2>&1
{
  # Whole packages: ES-module packages (arquero) load files that require.cache does not list.
  # Whole packages, with the dependencies their package.json names (ES modules such as arquero
  # import files and packages that require.cache does not list).
  grep "^$PWD/node_modules/" "$list" | sed -E "s|^$PWD/(node_modules/(@[^/]+/)?[^/]+)/.*|\1|" | sort -u |
    node -e '
      const fs = require("node:fs");
      const todo = fs.readFileSync(0, "utf8").split("\n").filter(Boolean), seen = new Set();
      while (todo.length) {
        const dir = todo.pop();
        if (seen.has(dir) || !fs.existsSync(dir + "/package.json")) continue;
        seen.add(dir);
        const deps = JSON.parse(fs.readFileSync(dir + "/package.json", "utf8")).dependencies ?? {};
        for (const name of Object.keys(deps)) todo.push("node_modules/" + name);
      }
      console.log([...seen].join("\n"));' |
    xargs -I{} find {} -type f ! -name '*.map' ! -name '*.d.ts' ! -name '*.min.js' ! -name '*.es2017.js' ! -name '*.esm.js' ! -name '*.fesm.js' ! -path '*darwin*' ! -path '*win32*' ! -path '*arm64*' ! -path 'node_modules/@tensorflow/*/src/*'
  find dist -name '*.js'
  echo bench/torch_bench.py
  echo package.json
} | sort -u > "$out/files.txt"
mkdir -p "$out/bin" && cp "$(readlink -f "$(command -v node)")" "$out/bin/node"
echo "$out/bin/node" >> "$out/files.txt"
tar -cJf "$out/carry.tar.xz" -T "$out/files.txt"
# Vulkan's loader (the device README: the GPU image may lack it); skipped when apt cannot fetch.
mkdir -p "$out/debs" /tmp/amd64/partial
o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
if apt-get $o update >/dev/null 2>&1 && (cd "$out/debs" && apt-get $o download libvulkan1 >/dev/null 2>&1); then :; else echo "note: could not download libvulkan1; the device must have a Vulkan loader"; fi
rm -rf "$out/bin"
du -sh "$out"
echo "packed $(wc -l < "$out/files.txt") files into $out/carry.tar.xz"
