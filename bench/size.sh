#!/usr/bin/env bash
# Times `gpukit size`: the whole CLI process (node bin/gpukit.js, tsx transpiling from source) for a
# JSON and a table run, N times each, reporting the median wall time; then the in-process time of
# sizeOptions (bench/size-bench.ts). Prints results only; nothing is asserted.
# Usage: bash bench/size.sh [N]   (default N=10)
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-10}"
ARGS=(size --model Qwen/Qwen2.5-72B-Instruct-AWQ --quantization awq)

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# time_cmd LABEL CMD...: runs CMD once to warm caches, then N times; prints the median wall ms.
time_cmd() {
  local label="$1"; shift
  local times=()
  "$@" > /dev/null # warm the filesystem cache (and tsx's transform cache)
  for _ in $(seq "$N"); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  local med
  med=$(printf '%s\n' "${times[@]}" | median)
  echo "${label}: median ${med} ms wall over ${N} runs (min $(printf '%s\n' "${times[@]}" | sort -n | head -1), max $(printf '%s\n' "${times[@]}" | sort -n | tail -1))"
}

echo "== gpukit size bench (node $(node --version), N=${N}) =="
time_cmd "node bin/gpukit.js size --format json " node bin/gpukit.js "${ARGS[@]}" --format json
time_cmd "node bin/gpukit.js size --format table" node bin/gpukit.js "${ARGS[@]}" --format table
# The size command alone (no cli/main.ts, so none of the other commands' imports): its own start-up.
time_cmd "size command only, --format json     " node --require tsx/cjs bench/size-bench.ts --cli "${ARGS[@]:1}" --format json
time_cmd "size command only, --format table    " node --require tsx/cjs bench/size-bench.ts --cli "${ARGS[@]:1}" --format table
echo "== in-process sizeOptions =="
npx --no-install tsx bench/size-bench.ts 100
